#!/bin/bash
# Switchboard's proxy against HAProxy on loopback, taking turns (this machine drifts ~15% from
# run to run): HTTP keep-alive and connection-close requests/s with wrk, TCP throughput with
# iperf3, and the CPU each proxy spent per unit of work (utime+stime from /proc/PID/stat).
# Needs: apt-get install haproxy nginx-light wrk iperf3.   bench/proxy-vs-haproxy.sh [ROUNDS] [KINDS]
# KINDS: any of keepalive, close, tcp (default all three), e.g. "keepalive close".
# TRANSPORT=io_uring runs switchboard on Netty's io_uring transport instead of epoll.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
kinds=${2:-keepalive close tcp}
anchors=../shared/anchors
work=/tmp/bench
mkdir -p $work/www $work/cb $work/pt $work/ft $work/ut $work/st
head -c 100 /dev/zero | tr '\0' x > $work/www/index.html
for tool in haproxy nginx wrk iperf3; do command -v $tool >/dev/null || { echo "needs $tool (apt-get install haproxy nginx-light wrk iperf3)" >&2; exit 2; }; done
ulimit -n "$(ulimit -Hn)"

mvn -q -B -ntp -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
nginx -c "$(readlink -f $anchors/nginx-backend.conf)" & pids+=($!)
iperf3 -s -p 15201 >/dev/null 2>&1 & pids+=($!)
haproxy -f $anchors/haproxy-loopback.cfg >/dev/null 2>&1 & pids+=($!); haproxy_pid=$!
java -XX:+UseParallelGC -Xms256m -cp "$cp" dev.switchboard.bench.ProxyMain bench/switchboard-loopback.toml 1 "${TRANSPORT:-epoll}" >/dev/null & pids+=($!); sb_pid=$!
sleep 3

cpu() { awk '{print $14 + $15}' /proc/$1/stat; }   # clock ticks
hz=$(getconf CLK_TCK)

# warm the JIT once, as a long-running appliance would be
wrk -t1 -c50 -d5s http://127.0.0.1:18090/ >/dev/null

run() { # name pid port kind -> "value cpu_us_per_unit"
    local name=$1 pid=$2 port=$3 kind=$4 before after out value units
    before=$(cpu "$pid")
    case $kind in
        keepalive) out=$(wrk -t1 -c50 -d10s "http://127.0.0.1:$port/"); value=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
                   units=$(awk '/requests in/ {print $1}' <<<"$out");;
        close)     out=$(wrk -t1 -c200 -d10s -H 'Connection: close' "http://127.0.0.1:$port/"); value=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
                   units=$(awk '/requests in/ {print $1}' <<<"$out");;
        tcp)       out=$(iperf3 -c 127.0.0.1 -p "$port" -t 10 -J); value=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(round(d["end"]["sum_received"]["bits_per_second"]/1e9,2))' <<<"$out")
                   units=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["end"]["sum_received"]["bytes"]/1e9)' <<<"$out");;
    esac
    after=$(cpu "$pid")
    awk -v v="$value" -v t=$((after - before)) -v hz="$hz" -v u="$units" -v k="$kind" \
        'BEGIN { cpu = t / hz; if (k == "tcp") printf "%s %.3f\n", v, cpu / u; else printf "%s %.1f\n", v, cpu / u * 1e6 }'
}

printf '%-10s %-12s %14s %22s\n' work proxy "req/s|Gbit/s" "CPU µs/req | s/GB"
for kind in $kinds; do
    for r in $(seq "$rounds"); do
        case $kind in tcp) hp=15202; sp=15203;; *) hp=18080; sp=18090;; esac
        read -r hv hc <<<"$(run haproxy $haproxy_pid $hp $kind)"
        read -r sv sc <<<"$(run switchboard $sb_pid $sp $kind)"
        printf '%-10s %-12s %14s %22s\n' "$kind" haproxy "$hv" "$hc" "$kind" switchboard "$sv" "$sc"
        awk -v a="$sv" -v b="$hv" -v c="$sc" -v d="$hc" -v k="$kind" 'BEGIN { printf "%-10s ratio sb/haproxy: throughput %.2f, CPU per unit %.2f\n", k, a / b, c / d }'
    done
done
