#!/bin/bash
# Peak RSS (VmHWM) of a tracepoint packet session with kallsyms loaded: start, 20,000 UDP drops to
# a closed port, read /proc/PID/status and the per-mapping Rss, then SIGINT and exit.
# usage: bench/host/tracepoint-peak-rss.sh BINARY [extra dropwatch args]   (root, host without NET_DM)
B=$1; shift
rm -f /tmp/rss.in; mkfifo /tmp/rss.in
"$B" -l kas "$@" </tmp/rss.in >/tmp/rss.out 2>/tmp/rss.err & pid=$!
exec 3>/tmp/rss.in
printf 'set alertmode packet\nstart\n' >&3
sleep 1.5
python3 -c '
import socket
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)
for i in range(20000): s.sendto(b"x",("127.0.0.1",9))' 2>/dev/null
sleep 1
grep -E "VmHWM|VmRSS|RssAnon|RssFile" /proc/$pid/status | tr -s ' \t' ' ' | tr '\n' ' '; echo
awk '/^[0-9a-f]+-[0-9a-f]+ /{n=$6; if(n=="") n="[anon]"} /^Rss:/{r[n]+=$2} END{for(k in r) if (r[k]>100) printf "%8d kB %s\n", r[k], k}' /proc/$pid/smaps | sort -rn
kill -INT $pid; sleep 0.5; printf "exit\n" >&3; exec 3>&-
wait $pid; echo rc=$? lines=$(wc -l </tmp/rss.out)
