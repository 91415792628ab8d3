# e2e-title: hardware packet mode from netdevsim traps: drop at TRAP (GROUP), origin hardware, input port ifindex and name; same blocks as upstream 1.5.4
# e2e-requires: dropwatch upstream
# e2e-kernel: netdevsim
# e2e-module: load
# e2e-timeout: 120
need_dropwatch
UP=/bin/dropwatch-upstream
nsim_up
nsim_trap trap blackhole_route
# one tick = fid_miss, blackhole_route, ttl_value_is_too_small: alert limit 3 is one tick
IN='set alertmode packet\nset sw false\nset hw true\nset alertlimit 3\nstart\nset alertmode summary\nshow\nexit\n'
hw_session up "$UP" "$IN"
hw_session dw "$DW" "$IN"
printf 'set alertmode summary\nexit\n' | "$UP" -l kas >/dev/null 2>&1   # whatever happened above
hw_compare "hardware packet mode"
[ "$(cat dw.rc)" = 0 ] || fail "exit status $(cat dw.rc)"
# each block, exactly: drop at: TRAP (GROUP) / origin: hardware / input port ifindex / input
# port name / timestamp / protocol 0x800 / length 142 / original length 142 / blank line; no
# drop reason (hardware drops carry none)
seq=$(awk -v ifi="$NSIM_IFINDEX" -v ifn="$NSIM_IF" '
    /^drop at: [a-z0-9_]+ \([a-z0-9_]+\)$/ { s = 1; b = $3 " " $4; next }
    s == 1 && $0 == "origin: hardware" { s = 2; next }
    s == 2 && $0 == "input port ifindex: " ifi { s = 3; next }
    s == 3 && $0 == "input port name: " ifn { s = 4; next }
    s == 4 && /^timestamp: [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] [0-9]{4} [0-9]{9} nsec$/ { s = 5; next }
    s == 5 && $0 == "protocol: 0x800" { s = 6; next }
    s == 6 && $0 == "length: 142" { s = 7; next }
    s == 7 && $0 == "original length: 142" { s = 8; next }
    s == 8 && $0 == "" { printf "%s;", b; s = 0; next }
    { s = 0 }' dw.out)
# (order: with one vCPU, the default, START cannot land inside a tick; with more, only the set)
[ "$(nproc)" != 1 ] && seq=$(echo "$seq" | tr ';' '\n' | sort | tr '\n' ';')
want="fid_miss (l2_drops);blackhole_route (l3_drops);ttl_value_is_too_small (l3_exceptions);"
[ "$(nproc)" != 1 ] && want="blackhole_route (l3_drops);fid_miss (l2_drops);ttl_value_is_too_small (l3_exceptions);"
[ "$seq" = "$want" ] ||
    fail "expected the complete blocks fid_miss (l2_drops), blackhole_route (l3_drops), ttl_value_is_too_small (l3_exceptions) in that order, got: $seq"
[ "$(grep -c '^drop at: ' dw.out)" = 3 ] || fail "expected 3 packet blocks, got $(grep -c '^drop at: ' dw.out)"
expect_no_line dw.out '^drop reason: ' "a hardware block has a drop reason"
expect_no_line dw.out '^origin: software$' "software drops printed with set sw false"
expect_line dw.out '^Alert limit reached, deactivating!$' "no 'Alert limit reached, deactivating!'"
expect_line dw.out '^Alert mode: Summary$' "summary mode not restored"
