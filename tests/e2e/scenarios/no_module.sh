# e2e-title: without drop_monitor: 'Unable to find NET_DM family', hint to modprobe, exit 1
# e2e-requires: dropwatch
# e2e-module: none
# e2e-timeout: 30
need_dropwatch
grep -q '^drop_monitor ' /proc/modules && fail "drop_monitor is loaded"
printf 'start\nexit\n' | timeout 20 "$DW" -l kas >out.txt 2>err.txt
rc=$?
cat out.txt err.txt >all.txt
show out.txt stdout; show err.txt stderr
[ "$rc" = 1 ] || fail "exit status $rc, expected 1"
expect_line out.txt "Unable to find NET_DM family, dropwatch can't work" "no 'Unable to find NET_DM family' line on stdout"
expect_line out.txt 'Cleaning up on socket creation error' "no 'Cleaning up on socket creation error' line"
expect_line all.txt 'modprobe drop_monitor' "no hint mentioning 'modprobe drop_monitor'"
grep -q '^drop_monitor ' /proc/modules && fail "drop_monitor got loaded"
true
