#!/usr/bin/env bash
# Soak of the exporter on the host's tracepoint source: floods UDP to a closed port on 127.0.0.1
# for SECONDS (FLOODERS senders, default 2) while scraping /metrics every 100 ms, then checks that
# the exporter counted every datagram (counted + reported ring losses = sent; 0 lost expected) and
# that its RSS stayed under RSS_LIMIT_KB (default 40960). Prints idle and peak RSS, the rate, the
# scrapes done and the exporter's CPU time. Needs root.
# Usage: bench/host/exporter-soak.sh DROPWATCH [SECONDS]
set -euo pipefail
dw=${1:?path to the dropwatch binary}
secs=${2:-30}
limit=${RSS_LIMIT_KB:-40960}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
gcc -O2 -o "$work/udpflood" "$here/udpflood.c"
free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, getattr(socket, sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }
port=$(free_port SOCK_DGRAM)
http=$(free_port SOCK_STREAM)
url=http://127.0.0.1:$http/metrics
sample='dropwatch_drops_total{origin="software",location="__udp4_lib_rcv",reason="NO_SOCKET"}'
value() { curl -sf "$url" | awk -v s="$1" 'index($0, s " ") == 1 {print $NF; f=1} END {if (!f) print 0}'; }
rss() { awk '/^VmRSS:/ {print $2}' /proc/$pid/status; }

"$dw" --metrics-listen "127.0.0.1:$http" --source tracepoint -l kas </dev/null >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 200); do grep -q 'monitoring drops with' "$work/err" && break; sleep 0.1; done
grep -q 'monitoring drops with' "$work/err" || { cat "$work/err"; exit 1; }
sleep 1
idle=$(rss)
before=$(value "$sample")
lost0=$(value 'dropwatch_events_lost_total{cause="ring"}')
cpu0=$(awk '{print $14 + $15}' /proc/$pid/stat)

peak=$idle
scrapes=0
( while :; do curl -sf "$url" >/dev/null && echo >>"$work/scrapes"; sleep 0.1; done ) & scraper=$!
floods=()
for i in $(seq "${FLOODERS:-2}"); do "$work/udpflood" "$port" "$secs" >"$work/sent.$i" & floods+=($!); done
while kill -0 "${floods[0]}" 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.5; done
wait "${floods[@]}"
sent=$(cat "$work"/sent.* | awk '{s += $1} END {print s}')
sleep 2   # rings drain
kill $scraper; wait $scraper 2>/dev/null || true
scrapes=$(wc -l <"$work/scrapes")
after=$(value "$sample")
lost=$(( $(value 'dropwatch_events_lost_total{cause="ring"}') - lost0 ))
cpu1=$(awk '{print $14 + $15}' /proc/$pid/stat)
r=$(rss); [ "$r" -gt "$peak" ] && peak=$r
kill -TERM $pid; wait $pid; rc=$?
counted=$((after - before))
tick=$(getconf CLK_TCK)
echo "sent $sent in ${secs} s ($((sent / secs))/s); counted $counted; ring lost $lost; scrapes $scrapes; exit $rc"
echo "RSS idle ${idle} kB, peak ${peak} kB (limit ${limit} kB); CPU $(awk -v t=$((cpu1 - cpu0)) -v k=$tick -v s=$secs 'BEGIN {printf "%.1f %% of one core", 100 * t / k / s}')"
[ "$rc" = 0 ] || { echo "FAIL: exit status $rc after SIGTERM"; exit 1; }
[ $((counted + lost)) -ge "$sent" ] || { echo "FAIL: $((sent - counted - lost)) datagrams neither counted nor reported lost"; exit 1; }
[ "$peak" -le "$limit" ] || { echo "FAIL: RSS peak ${peak} kB over ${limit} kB"; exit 1; }
echo PASS
