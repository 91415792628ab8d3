# e2e-title: nlprobe hardware walk-through on netdevsim traps (HW_DROPS summary, packet alerts with trap/group/port/cookie, hardware tail drops); emits fixtures
# e2e-requires: none
# e2e-kernel: netdevsim
# e2e-module: load
# e2e-timeout: 90
nsim_up
nsim_trap trap blackhole_route ingress_flow_action_drop
nsim_cookie 00c0ffee1234abcd5678
devlink trap show >traps.txt 2>&1; show traps.txt "devlink trap show"
nlprobe capture-hw 4 cookie >cap.txt 2>&1; rc=$?
grep -v '^@@FIXTURE' cap.txt
grep '^@@FIXTURE' cap.txt
[ "$rc" = 0 ] || fail "nlprobe capture-hw: $(grep '^@@CHECK FAIL' cap.txt | head -n1)"
for t in fid_miss blackhole_route ttl_value_is_too_small ingress_flow_action_drop; do
    expect_line cap.txt "^@@TRAP $t" "no packet alert from trap $t"
done
expect_line cap.txt '^@@TRAP ingress_flow_action_drop cookie$' "the flow-action trap's alert has no cookie"
expect_no_line cap.txt '^@@TRAP (fid_miss|blackhole_route|ttl_value_is_too_small) cookie$' "a trap without the cookie capability sent one"
echo "@@FILE devlink_traps.txt"; echo "# devlink trap show on $(uname -r), after setting blackhole_route and ingress_flow_action_drop to trap"; cat traps.txt; echo "@@ENDFILE"
