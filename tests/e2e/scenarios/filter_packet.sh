# e2e-title: --filter in packet mode on the real kernel: 'dport == 9' keeps exactly the drops sent to port 9 (not those to port 10), a reason+l4 filter keeps exactly the TCP ones, ifname "lo" next to ifindex, the filtered count in the stop object
# e2e-requires: dropwatch jq
# e2e-module: load
# e2e-timeout: 120
NX=120
NY=80
NT=20
need_dropwatch

# run FILTER OUT: packet mode, JSON, the given filter; the caller's generator runs once monitoring is on.
run() {
    rm -f in; mkfifo in
    sigdfl "$DW" -l kas --format json --filter "$1" <in >"$2.json" 2>"$2.err" &
    pid=$!
    exec 3>in
    printf 'set alertmode packet\nstart\n' >&3
    wait_for "$2.err" 'Kernel monitoring activated' 10 || { show "$2.err"; fail "$2: monitoring never started"; }
}
finish() {
    sleep 3
    kill -INT "$pid"; sleep 1; printf 'set alertmode summary\nexit\n' >&3; exec 3>&-
    wait_exit "$pid" 20 || { kill -KILL "$pid"; fail "$1: dropwatch did not exit"; }
    wait "$pid"; rc=$?
    [ "$rc" = 0 ] || { show "$1.err"; fail "$1: exit status $rc"; }
    jq -e . "$1.json" >/dev/null || { show "$1.json"; fail "$1: stdout is not JSON Lines"; }
}

run 'dport == 9' port
dropgen udp 9 $NX >/dev/null
dropgen udp 10 $NY >/dev/null
finish port
kept=$(jq -s '[.[] | select(.type == "packet")] | length' port.json)
at9=$(jq -s '[.[] | select(.type == "packet" and .reason == "NO_SOCKET" and (.symbol | test("udp")))] | length' port.json)
filtered=$(jq -s '[.[] | select(.type == "stop")][0].filtered' port.json)
note "dport == 9: $kept packets kept ($at9 NO_SOCKET at udp), $filtered filtered out (sent $NX to 9, $NY to 10)"
[ "$kept" = "$NX" ] && [ "$at9" = "$NX" ] || { head -n 5 port.json; fail "dport == 9 kept $kept packets ($at9 at udp), expected exactly $NX"; }
[ "$filtered" -ge "$NY" ] || fail "the stop object says $filtered filtered, expected at least the $NY sent to port 10"
grep -q "^Filtered out: $filtered drops not matching 'dport == 9'\$" port.err || { show port.err; fail "no 'Filtered out' line on the console"; }
jq -e -s '[.[] | select(.type == "packet" and has("ifindex"))] | length > 0 and all(.ifname == "lo" and .ifindex == 1)' port.json >/dev/null \
    || { head -n 3 port.json; fail "packets with an ifindex lack ifname \"lo\""; }

run 'reason == NO_SOCKET && l4 == tcp' reason
dropgen udp 9 $NX >/dev/null
dropgen tcp 11 $NT >/dev/null
finish reason
tcp=$(jq -s '[.[] | select(.type == "packet")] | length' reason.json)
attcp=$(jq -s '[.[] | select(.type == "packet" and .reason == "NO_SOCKET" and (.symbol | test("tcp")))] | length' reason.json)
note "reason == NO_SOCKET && l4 == tcp: $tcp packets kept ($attcp at tcp functions; sent $NT SYNs and $NX UDP datagrams)"
[ "$tcp" = "$NT" ] && [ "$attcp" = "$NT" ] || { head -n 5 reason.json; fail "the reason filter kept $tcp packets ($attcp at tcp), expected exactly $NT"; }
