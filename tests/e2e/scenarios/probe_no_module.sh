# e2e-title: without drop_monitor loaded, GETFAMILY NET_DM gives ENOENT (and nothing auto-loads it)
# e2e-requires: none
# e2e-module: none
# e2e-timeout: 30
grep -q '^drop_monitor ' /proc/modules && fail "drop_monitor is loaded"
nlprobe family NET_DM >out.txt 2>&1; rc=$?
show out.txt
[ "$rc" = 2 ] || fail "nlprobe family NET_DM: expected exit 2 (ENOENT), got $rc"
expect_line out.txt 'error=-2 ' "no -ENOENT error reply"
grep -q '^drop_monitor ' /proc/modules && fail "drop_monitor got auto-loaded"
nlprobe family nlctrl >ctrl.txt 2>&1 || { show ctrl.txt; fail "nlctrl lookup failed"; }
note "NET_DM absent as expected; nlctrl present"
