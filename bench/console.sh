#!/bin/bash
# What the console sends to its terminal: the first frame (bytes, time to it), an idle dashboard
# (bytes/s), one counter changing (bytes per update). A slow serial line is 960 bytes/s at 9600 baud.
#                                                                       bench/console.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.switchboard.console.ConsoleBench "${1:-10}" </dev/null
