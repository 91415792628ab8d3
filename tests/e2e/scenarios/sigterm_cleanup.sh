# e2e-title: SIGTERM while monitoring leaves the kernel stopped (a fresh START gets no EAGAIN)
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
need_dropwatch
start_monitoring out.txt err.txt -l kas || sleep 2
dropgen udp 9 10 >/dev/null
sleep 1
kill -TERM $pid
wait_exit $pid 10 || { kill -KILL $pid; show out.txt; fail "dropwatch still running 10 s after SIGTERM"; }
wait $pid; rc=$?
exec 3>&-
show out.txt stdout; show err.txt stderr
note "exit status after SIGTERM: $rc"
nlprobe start >probe.txt 2>&1; prc=$?
show probe.txt
[ "$prc" = 3 ] && fail "fresh START got EAGAIN: dropwatch left the kernel monitoring after SIGTERM"
[ "$prc" = 0 ] || fail "fresh START failed (nlprobe exit $prc)"
nlprobe stop >/dev/null 2>&1
