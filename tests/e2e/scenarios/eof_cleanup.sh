# e2e-title: stdin EOF while monitoring: dropwatch stops monitoring and exits; a fresh START works
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
# Assumption (our design, not upstream): upstream does not read stdin while monitoring and
# would keep monitoring forever here; we expect EOF to stop the kernel and end the program.
need_dropwatch
mkfifo in
# sigdfl: a background job of a non-interactive shell starts with SIGINT ignored
sigdfl "$DW" -l kas <in >out.txt 2>err.txt &
pid=$!
exec 3>in
echo start >&3
wait_for out.txt 'Kernel monitoring activated' 5 || sleep 2
dropgen udp 9 10 >/dev/null
sleep 1
exec 3>&-          # the only writer closes: dropwatch sees EOF on stdin
if ! wait_exit $pid 10; then
    kill -INT $pid; wait_exit $pid 5 || kill -KILL $pid
    show out.txt; fail "dropwatch still running 10 s after stdin EOF while monitoring"
fi
wait $pid; rc=$?
show out.txt stdout; show err.txt stderr
[ "$rc" = 0 ] || fail "exit status $rc after EOF"
nlprobe start >probe.txt 2>&1; prc=$?
show probe.txt
[ "$prc" = 3 ] && fail "fresh START got EAGAIN: dropwatch left the kernel monitoring after EOF"
[ "$prc" = 0 ] || fail "fresh START failed (nlprobe exit $prc)"
nlprobe stop >/dev/null 2>&1
