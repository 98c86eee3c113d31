#!/bin/bash
# The program users run against HAProxy on loopback, taking turns (this machine drifts ~15% from
# run to run): `switchboard run` started by the launcher (bin/switchboard) with the shipped
# defaults, and HAProxy 2.6 with the anchor's config, both logging a line per request (or
# connection) to a file, then both without a log. HTTP keep-alive and connection-close
# requests/s and p99 latency with wrk, TCP throughput with iperf3, and the CPU each proxy spent
# per unit of work (utime+stime from /proc/PID/stat). Medians of the rounds at the end,
# and the median of the ratios each round had on its own.
# Needs: apt-get install haproxy nginx-light wrk iperf3.
#   bench/proxy-vs-haproxy.sh [ROUNDS] [KINDS] [LOGS]
# KINDS: any of keepalive, close, tcp (default all three); LOGS: any of log, nolog (default both).
# TRANSPORT=epoll runs switchboard on Netty's epoll transport instead of the shipped default (io_uring).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
kinds=${2:-keepalive close tcp}
logs=${3:-log nolog}
anchors=${ANCHORS:-../shared/anchors}   # the anchor configs (HAProxy, nginx) this compares against
work=/tmp/bench
rm -rf $work/sb-*
mkdir -p $work/www
head -c 100 /dev/zero | tr '\0' x > $work/www/index.html
for tool in haproxy nginx wrk iperf3; do command -v $tool >/dev/null || { echo "needs $tool (apt-get install haproxy nginx-light wrk iperf3)" >&2; exit 2; }; done
ulimit -n "$(ulimit -Hn)"
[ -r target/switchboard.jar ] || mvn -q -B -ntp -DskipTests package

# the same setup four times: HAProxy and switchboard, each logging to a file and not logging
#   haproxy nolog: 18080 http, 15202 tcp (the anchor's own file)   log: 18082, 15204
#   switchboard log: 18090, 15203 (the shipped default: a line each)   nolog: 18092, 15205
sed -e 's/^global$/global\n    log stdout format raw local0 info/' -e 's/^defaults$/defaults\n    log global/' \
    -e 's/^    mode http$/    mode http\n    option httplog/' -e 's/^    mode tcp$/    mode tcp\n    option tcplog/' \
    -e 's/:18080/:18082/' -e 's/:15202/:15204/' $anchors/haproxy-loopback.cfg > $work/haproxy-log.cfg
transport=${TRANSPORT:-io_uring (the default)}
sb_config() { # ports log -> a config in switchboard's words, as the anchor's HAProxy setup
    [ -z "${TRANSPORT:-}" ] || printf '[appliance]\ntransport = "%s"\n\n' "$TRANSPORT"
    sed -e "s/127.0.0.1:18090/127.0.0.1:$1/" -e "s/127.0.0.1:15203/127.0.0.1:$2/" bench/switchboard-loopback.toml |
        if [ "$3" = nolog ]; then sed 's/^backend = /log = false\nbackend = /'; else cat; fi
}
sb_config 18090 15203 log > $work/sb-log.toml
sb_config 18092 15205 nolog > $work/sb-nolog.toml

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
nginx -c "$(readlink -f $anchors/nginx-backend.conf)" & pids+=($!)
iperf3 -s -p 15201 >/dev/null 2>&1 & pids+=($!)
haproxy -f $anchors/haproxy-loopback.cfg >/dev/null 2>&1 & pids+=($!); hp_nolog=$!
haproxy -f $work/haproxy-log.cfg > $work/haproxy.log 2>&1 & pids+=($!); hp_log=$!
# in the order the two HAProxy processes started, without a log first: which of two engines
# starts second moved a keep-alive figure by ~10% here (0.87x against 0.99x), so both proxies
# get the same order
for v in nolog log; do
    bin/switchboard --config $work/sb-$v.toml --state-dir $work/sb-$v-state --socket $work/sb-$v.sock run > $work/sb-$v.log 2>&1 &
    pids+=($!); eval "sb_$v=$!"
done
for v in log nolog; do # READY: the engine says so once its binds listen
    for _ in $(seq 100); do grep -q "^.* running " $work/sb-$v.log && break; sleep 0.1; done
    grep -q "^.* running " $work/sb-$v.log || { echo "switchboard ($v) did not start:"; cat $work/sb-$v.log; exit 1; } >&2
done

cpu() { awk '{print $14 + $15}' /proc/$1/stat; }   # clock ticks
hz=$(getconf CLK_TCK)

# warm the JIT, as a long-running appliance would be: on 2 cores C2 is still compiling after 30 s
# of load (5-8 us a request on its thread) and settles after about a minute (0.3 us); its CPU
# would be counted against the rounds. With the whole mix the rounds run, then keep-alive again:
# a JIT that last saw connection-close traffic recompiled the keep-alive path in the first round
# (-XX:+PrintCompilation: ~60 of its methods at tier 4 in that round's first second, 0.75 s of
# C2's CPU), which put that round at 0.83x-0.85x HAProxy's requests/s, the rounds after at 1.09x-1.11x
for ports in "18090 15203" "18092 15205"; do
    read -r http tcp <<<"$ports"
    wrk -t1 -c50 -d45s http://127.0.0.1:$http/ >/dev/null
    wrk -t1 -c200 -d5s -H 'Connection: close' http://127.0.0.1:$http/ >/dev/null
    iperf3 -c 127.0.0.1 -p "$tcp" -t 5 >/dev/null
    wrk -t1 -c50 -d10s http://127.0.0.1:$http/ >/dev/null
done

run() { # pid port kind -> "value cpu_per_unit p99_ms"
    local pid=$1 port=$2 kind=$3 before after out value units p99=-
    before=$(cpu "$pid")
    case $kind in
        keepalive) out=$(wrk -t1 -c50 -d10s --latency "http://127.0.0.1:$port/"); value=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
                   units=$(awk '/requests in/ {print $1}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out");;
        close)     out=$(wrk -t1 -c200 -d10s --latency -H 'Connection: close' "http://127.0.0.1:$port/"); value=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
                   units=$(awk '/requests in/ {print $1}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out");;
        tcp)       out=$(iperf3 -c 127.0.0.1 -p "$port" -t 10 -J); value=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(round(d["end"]["sum_received"]["bits_per_second"]/1e9,2))' <<<"$out")
                   units=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["end"]["sum_received"]["bytes"]/1e9)' <<<"$out");;
    esac
    after=$(cpu "$pid")
    # a fast refusal is not a served request: say so beside the figures, and in the summary
    grep -E 'Non-2xx|Socket errors' <<<"$out" | sed "s|^ *|port $port, $kind: |" | tee -a $work/errors.txt >&2 || true
    awk -v v="$value" -v t=$((after - before)) -v hz="$hz" -v u="$units" -v k="$kind" -v p="$p99" \
        'BEGIN { cpu = t / hz; if (k == "tcp") printf "%s %.3f %s\n", v, cpu / u, p; else printf "%s %.1f %s\n", v, cpu / u * 1e6, p }'
}

results=$work/results.txt
: > $results
: > $work/errors.txt
printf '%-10s %-6s %-12s %14s %18s %10s\n' work log proxy "req/s|Gbit/s" "CPU us/req|s/GB" p99
for r in $(seq "$rounds"); do
    for kind in $kinds; do
        for v in $logs; do
            case $kind/$v in
                tcp/log) hp=15204; sp=15203;; tcp/nolog) hp=15202; sp=15205;;
                */log) hp=18082; sp=18090;; */nolog) hp=18080; sp=18092;;
            esac
            hpid=$([ $v = log ] && echo $hp_log || echo $hp_nolog); spid=$([ $v = log ] && echo $sb_log || echo $sb_nolog)
            read -r hv hc hl <<<"$(run "$hpid" $hp $kind)"
            read -r sv sc sl <<<"$(run "$spid" $sp $kind)"
            printf '%-10s %-6s %-12s %14s %18s %10s\n' "$kind" $v haproxy "$hv" "$hc" "$hl" "$kind" $v switchboard "$sv" "$sc" "$sl"
            echo "$kind $v $hv $hc $hl $sv $sc $sl" >> $results
        done
    done
done
echo
echo "medians of $rounds rounds (switchboard on $transport); ratio = switchboard / HAProxy"
python3 - "$results" <<'EOF'
import sys, statistics as st, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    k, v, *f = line.split()
    rows[(k, v)].append(f)
def med(xs):
    xs = [x for x in xs if x not in ('-',)]
    def num(x):
        return float(x[:-2]) / 1000 if x.endswith('us') else float(x[:-2]) if x.endswith('ms') else float(x[:-1]) * 1000 if x.endswith('s') else float(x)
    return st.median(map(num, xs)) if xs else float('nan')
def paired(fs, h, s): # the median of each round's own ratio: the two proxies of a round ran
    return st.median(float(f[s]) / float(f[h]) for f in fs)  # seconds apart, on the same machine's mood
print(f"{'work':10} {'log':6} {'HAProxy':>10} {'switchboard':>12} {'ratio':>6} {'CPU HAProxy':>12} {'CPU sb':>8} {'ratio':>6} {'p99 HAProxy':>12} {'p99 sb':>8}   per round: {'ratio':>6} {'CPU':>6}")
for (k, v), fs in rows.items():
    hv, hc, hl, sv, sc, sl = (med([f[i] for f in fs]) for i in range(6))
    print(f"{k:10} {v:6} {hv:10.2f} {sv:12.2f} {sv / hv:6.2f} {hc:12.2f} {sc:8.2f} {sc / hc:6.2f} {hl:12.2f} {sl:8.2f}              {paired(fs, 0, 3):6.2f} {paired(fs, 1, 4):6.2f}")
EOF
echo "(log lines written: haproxy $(wc -l < $work/haproxy.log), switchboard $(wc -l < $work/sb-log.log))"
if [ -s $work/errors.txt ]; then echo "answers that were not 2xx/3xx, or socket errors, in the rounds:"; cat $work/errors.txt; else echo "every answer in the rounds was 2xx/3xx, without socket errors"; fi
