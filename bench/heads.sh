#!/bin/bash
# The head work of one proxied keep-alive exchange alone (HeadsBench: parse, check, rewrite and
# write wrk's request and nginx's answer), in ns per exchange, rounds after the JIT's warm-up.
#   bench/heads.sh [JAR]   JAR: another build's target/switchboard.jar to measure instead (e.g. an
#                          older commit's, built in a clone), with this checkout's HeadsBench
set -euo pipefail
cd "$(dirname "$0")/.."
[ -r target/switchboard.jar ] && [ -d target/test-classes/dev/switchboard/proxy ] || mvn -q -B -ntp -DskipTests package
jar=${1:-target/switchboard.jar}
java -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled -cp "target/test-classes:$jar" dev.switchboard.proxy.HeadsBench
