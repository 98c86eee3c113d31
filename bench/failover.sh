#!/bin/bash
# Failover and failback times and the probes' CPU for five checked gateways at interval = 1, in
# namespaces of its own (root, or unprivileged user namespaces): gw0 stops forwarding (its link
# stays up) until eth0's route stands behind the others, then forwards again until it is back.
#                                                          bench/failover.sh [ROUNDS] [IDLE_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.switchboard.engine.FailoverBench "${1:-3}" "${2:-20}" </dev/null
