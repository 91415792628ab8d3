#!/usr/bin/env bash
# Drops per second the tracepoint source keeps up with, through the whole native binary.
# Floods UDP to a closed port on 127.0.0.1 for SECONDS while dropwatch monitors in MODE
# (summary|packet) with stdout to a file (FLOODERS senders in parallel, default 2), then Ctrl-C; compares what the kernel dropped
# (the flood's count) with what dropwatch printed plus what it reported lost, and reports
# dropwatch's CPU time. Needs root. Usage: bench/host/tracepoint-throughput.sh DROPWATCH [MODE] [SECONDS]
set -euo pipefail
dw=${1:?path to the dropwatch binary}
mode=${2:-summary}
secs=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/udpflood" "$here/udpflood.c"
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

mkfifo "$work/in"
"$dw" --source tracepoint -l kas <"$work/in" >"$work/out" 2>"$work/err" &
pid=$!
exec 3>"$work/in"
printf 'set alertmode %s\nstart\n' "$mode" >&3
for _ in $(seq 100); do grep -q 'Issue Ctrl-C' "$work/out" && break; sleep 0.1; done
cpu0=$(awk '{print $14 + $15}' /proc/$pid/stat)
floods=()
for i in $(seq "${FLOODERS:-2}"); do "$work/udpflood" "$port" "$secs" >"$work/sent.$i" & floods+=($!); done
wait "${floods[@]}"
sent=$(cat "$work"/sent.* | awk '{s += $1} END {print s}')
sleep 2   # the last 1 s summary window closes; rings drain
cpu1=$(awk '{print $14 + $15}' /proc/$pid/stat)
kill -INT $pid
echo exit >&3
exec 3>&-
wait $pid || true
tick=$(getconf CLK_TCK)

if [ "$mode" = packet ]; then
    printed=$(grep -c '^drop reason: NO_SOCKET$' "$work/out" || true)
else
    printed=$(grep -E '^[0-9]+ drops at [^ ]*udp[^ ]*\+' "$work/out" | awk '{s += $1} END {print s + 0}')
fi
lost=$(sed -nE 's/^([0-9]+) alerts lost:.*/\1/p' "$work/out" | tail -n1)
lost=${lost:-0}
cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v t="$tick" 'BEGIN {printf "%.2f", (b - a) / t}')
awk -v m="$mode" -v s="$sent" -v p="$printed" -v l="$lost" -v c="$cpu" -v d="$secs" 'BEGIN {
    printf "mode %s: %d drops in %ss (%.0f/s); printed %d (%.2f%%), reported lost %d; dropwatch CPU %ss (%.1f%% of one core)\n",
        m, s, d, s / d, p, 100 * p / s, l, c, 100 * c / d }'
