# e2e-title: flow-action cookie: netdevsim attaches the debugfs cookie to ingress_flow_action_drop; "cookie: HEX" line as upstream 1.5.4 prints it
# e2e-requires: dropwatch upstream
# e2e-kernel: netdevsim
# e2e-module: load
# e2e-timeout: 120
need_dropwatch
UP=/bin/dropwatch-upstream
COOKIE=00c0ffee1234abcd5678   # 10 bytes (the kernel allows up to 16); a leading 00 byte too
nsim_up
nsim_trap trap ingress_flow_action_drop
nsim_cookie "$COOKIE"
# one tick = fid_miss, ttl_value_is_too_small, ingress_flow_action_drop
IN='set alertmode packet\nset sw false\nset hw true\nset alertlimit 3\nstart\nset alertmode summary\nexit\n'
hw_session up "$UP" "$IN"
hw_session dw "$DW" "$IN"
printf 'set alertmode summary\nexit\n' | "$UP" -l kas >/dev/null 2>&1
hw_compare "cookie block"
[ "$(cat dw.rc)" = 0 ] || fail "exit status $(cat dw.rc)"
# the cookie sits between the input port name and the timestamp, only in the flow-action block
blk=$(awk '/^drop at: ingress_flow_action_drop \(acl_drops\)$/ { on = 1 } on { print } on && $0 == "" { exit }' dw.out)
[ -n "$blk" ] || fail "no 'drop at: ingress_flow_action_drop (acl_drops)' block"
echo "$blk" | awk -v c="cookie: $COOKIE" -v ifn="input port name: $NSIM_IF" '
    $0 == ifn { n = NR } $0 == c { k = NR } /^timestamp: / { t = NR }
    END { exit !(n && k == n + 1 && t == k + 1) }' ||
    fail "expected 'cookie: $COOKIE' right after 'input port name: $NSIM_IF' and before the timestamp"
[ "$(grep -c '^cookie: ' dw.out)" = 1 ] || fail "expected exactly one cookie line (only the flow-action trap carries it), got $(grep -c '^cookie: ' dw.out)"
