#!/usr/bin/env bash
# SIGKILL at random instants of applies and tries, with the real program in a network namespace
# of its own: after each restart the kernel must be exactly the config the engine runs on, and
# owned.toml must name every address switchboard added. CI runs a few trials (KillAtRandomTest);
# this runs the full size. Usage: bench/kill-at-random.sh [TRIALS] (default 120)
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${1:-120}
start=$(date +%s)
mvn -B -ntp -q test -Dtest=KillAtRandomTest -Dsurefire.failIfNoSpecifiedTests=false -Dswitchboard.killTrials="$trials"
grep -h "kill-at-random:" target/surefire-reports/dev.switchboard.cli.KillAtRandomTest-output.txt | cut -c1-200
echo "$trials trials passed in $(( $(date +%s) - start )) s"
