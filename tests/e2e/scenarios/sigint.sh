# e2e-title: SIGINT while monitoring stops monitoring, returns to the prompt, next command works
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
need_dropwatch
start_monitoring out.txt err.txt -l kas || sleep 2
dropgen udp 9 10 >/dev/null
sleep 2
kill -INT $pid
sleep 1
kill -0 $pid 2>/dev/null || { show out.txt; fail "dropwatch died on SIGINT"; }
echo help >&3
echo exit >&3
exec 3>&-
wait_exit $pid 15 || { kill -KILL $pid; show out.txt; fail "dropwatch did not exit after 'exit'"; }
wait $pid; rc=$?
show out.txt stdout; show err.txt stderr
[ "$rc" = 0 ] || fail "exit status $rc"
stop=$(grep -n 'Got a stop message' out.txt | head -n1 | cut -d: -f1)
helpl=$(grep -n 'Command Syntax:' out.txt | head -n1 | cut -d: -f1)
[ -n "$stop" ] || fail "no 'Got a stop message'"
[ -n "$helpl" ] || fail "'help' after SIGINT printed no help"
[ "$helpl" -gt "$stop" ] || fail "help output appeared before 'Got a stop message'"
expect_line out.txt 'Shutting down \.\.\.' "no 'Shutting down ...'"
nlprobe start >probe.txt 2>&1 || { show probe.txt; fail "kernel still monitoring after SIGINT"; }
nlprobe stop >/dev/null 2>&1
