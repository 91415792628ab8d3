# e2e-title: configuring while another dropwatch monitors: EBUSY with the kernel's text, the prompt stays; START refused with EAGAIN explained
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
need_dropwatch
start_monitoring first.txt first.err -l kas || { show first.txt; fail "first dropwatch never started"; }
printf 'set alertmode packet\nset trunc 64\nstart\nhelp\nexit\n' | timeout 20 "$DW" -l kas >out.txt 2>err.txt
rc=$?
kill -INT $pid
echo exit >&3
exec 3>&-
wait_exit $pid 15 || { kill -KILL $pid; fail "first dropwatch did not exit"; }
show out.txt stdout; show err.txt stderr
expect_line out.txt '^Failed config request, error: Device or resource busy$' "no EBUSY line for set alertmode"
expect_line err.txt 'Cannot configure drop monitor during monitoring' "the kernel's extended-ack text is not shown"
expect_line out.txt '^Failed activation request, error: Resource temporarily unavailable$' "no EAGAIN line for start"
expect_line err.txt 'another client' "EAGAIN not explained"
expect_line out.txt '^Command Syntax:$' "the session did not go on after the errors"
expect_line out.txt '^Shutting down \.\.\.$' "no 'Shutting down ...'"
[ "$rc" = 1 ] || fail "exit status $rc, expected 1 (a kernel request failed)"
nlprobe start >probe.txt 2>&1 || { show probe.txt; fail "kernel left monitoring"; }
nlprobe stop >/dev/null 2>&1
