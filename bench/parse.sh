#!/bin/bash
# Parse time of the config: tomlj alone against ConfigLoader (runs of blank and comment lines cut,
# lines mapped back), in a warm JVM; then `switchboard check` through the launcher (C1 only, as an
# operator runs it) on the seed plus 10,000 comment lines and on a 1 MiB file.      bench/parse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.switchboard.bench.ParseBench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lines() { awk -v n="$1" -v l="$2" 'BEGIN { for (i = 0; i < n; i++) print l }'; }
{ cat conf/switchboard.toml; lines 10000 '# a comment line'; } >"$tmp/comments.toml"
{ cat conf/switchboard.toml; lines 10000 ''; } >"$tmp/blank.toml"
{ cat conf/switchboard.toml; lines 104000 '# padding'; } >"$tmp/mib.toml"
lines 209000 'k = ' >"$tmp/junk.toml"
for f in comments blank mib junk; do
    start=$(date +%s%N)
    code=0
    bin/switchboard check --config "$tmp/$f.toml" >/dev/null 2>&1 || code=$?
    printf 'switchboard check %-14s %8d bytes  exit %d  %5d ms\n' "$f.toml" "$(stat -c %s "$tmp/$f.toml")" "$code" \
        $(( ($(date +%s%N) - start) / 1000000 ))
done
