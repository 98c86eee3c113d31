#!/bin/sh
# Kernel-layer figures: apply time of the seed's five-interface plan, and the time from a kernel
# change to the monitor's event. Runs in network namespaces of its own (as root, or in a user
# namespace for anyone else); the host's network is never touched.
#   bench/kernel.sh [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
if [ "$(id -u)" = 0 ]; then
    exec java -cp "$cp" dev.switchboard.bench.KernelBench "$@"
fi
exec unshare --user --map-root-user -- java -cp "$cp" dev.switchboard.bench.KernelBench "$@"
