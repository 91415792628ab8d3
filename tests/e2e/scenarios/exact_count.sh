# e2e-title: counts at the UDP receive function sum to exactly the N datagrams sent
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
N=500
need_dropwatch
start_monitoring out.txt err.txt -l kas || sleep 2
dropgen udp 9 $N
sleep 3        # the kernel flushes each CPU's summary ~1 s after its first entry
kill -INT $pid
sleep 1
echo exit >&3
exec 3>&-
wait_exit $pid 15 || { kill -KILL $pid; show out.txt; fail "dropwatch did not exit after SIGINT + exit"; }
wait $pid; rc=$?
show out.txt stdout; show err.txt stderr
[ "$rc" = 0 ] || fail "exit status $rc"
expect_line out.txt 'Got a stop message' "no 'Got a stop message' after SIGINT"
sum=$(drop_lines out.txt | awk '$4 ~ /udp/ {s += $1} END {print s + 0}')
note "sum of counts at udp functions: $sum (sent $N)"
[ "$sum" = "$N" ] || fail "sum of drop counts at udp functions is $sum, expected $N"
