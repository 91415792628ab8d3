# e2e-title: summary mode with -l kas and alertlimit 3 on UDP drops to a closed port
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
need_dropwatch
# generator: starts shortly after dropwatch, keeps producing drops until dropwatch exits
( sleep 1; while ! [ -e gen.stop ]; do dropgen udp 9 20 >/dev/null; sleep 0.3; done ) &
gen=$!
printf 'set alertlimit 3\nstart\nexit\n' | timeout 40 "$DW" -l kas >out.txt 2>err.txt
rc=$?
touch gen.stop; wait $gen
show out.txt stdout; show err.txt stderr
[ "$rc" = 0 ] || fail "exit status $rc (124 = timed out)"
expect_line out.txt 'setting alert capture limit to 3' "no 'setting alert capture limit to 3'"
expect_line out.txt 'Kernel monitoring activated\.' "no 'Kernel monitoring activated.'"
n=$(drop_lines out.txt | wc -l)
[ "$n" -ge 3 ] || fail "expected >= 3 'N drops at sym+off (0xaddr) [software]' lines, got $n"
drop_lines out.txt | grep -Eq ' drops at [A-Za-z0-9_.]*udp[A-Za-z0-9_.]*\+' ||
    fail "no drop line at a udp function (expected __udp4_lib_rcv)"
expect_line out.txt 'Alert limit reached, deactivating!' "no 'Alert limit reached, deactivating!'"
expect_line out.txt 'Got a stop message' "no 'Got a stop message'"
expect_line out.txt 'Shutting down \.\.\.' "no 'Shutting down ...'"
# the limit must stop monitoring in the kernel: a fresh START succeeds
nlprobe start >probe.txt 2>&1 || { show probe.txt; fail "kernel still monitoring after alert limit"; }
nlprobe stop >/dev/null 2>&1
