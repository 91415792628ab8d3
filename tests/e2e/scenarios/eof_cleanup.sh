# e2e-title: stdin closes while monitoring: monitoring goes on (upstream semantics), Ctrl-C stops it, EOF then ends dropwatch; a fresh START works
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
# Design: like upstream, stdin is not read while monitoring (scripts pipe 'start' and rely on the
# session running until Ctrl-C or the alert limit). End of input is acted on at the next prompt:
# 'Terminating dropwatch...', exit 0 — and the kernel must not be left monitoring.
need_dropwatch
start_monitoring out.txt err.txt -l kas || { show out.txt; fail "monitoring never started"; }
exec 3>&-          # the only writer closes while monitoring
dropgen udp 9 10 >/dev/null
sleep 2
kill -0 $pid 2>/dev/null || { show out.txt; fail "dropwatch exited on stdin EOF while monitoring (expected monitoring to continue)"; }
kill -INT $pid
if ! wait_exit $pid 10; then
    kill -KILL $pid; show out.txt; fail "dropwatch still running 10 s after Ctrl-C with stdin at EOF"
fi
wait $pid; rc=$?
show out.txt stdout; show err.txt stderr
[ "$rc" = 0 ] || fail "exit status $rc after EOF"
expect_line out.txt 'Got a stop message' "no 'Got a stop message'"
grep -q 'Terminating dropwatch\.\.\.' out.txt || fail "no 'Terminating dropwatch...' after EOF"
nlprobe start >probe.txt 2>&1; prc=$?
show probe.txt
[ "$prc" = 3 ] && fail "fresh START got EAGAIN: dropwatch left the kernel monitoring"
[ "$prc" = 0 ] || fail "fresh START failed (nlprobe exit $prc)"
nlprobe stop >/dev/null 2>&1
