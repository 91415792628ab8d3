# e2e-title: mixed drop load in packet mode (lo: UDP, TCP, IPv6 UDP to closed ports, bad UDP and TCP checksums; veth dwb: UDP, TCP, bad UDP): the JSON table's count per (location, reason, interface) is exactly what was generated, packets name their interface (lo, dwb), and three passive listeners with filters (reason, port, interface && l4) keep exactly the matching drops and count the rest as filtered out
# e2e-requires: dropwatch jq
# e2e-kernel: veth reason:UDP_CSUM reason:TCP_CSUM
# e2e-module: load
# e2e-timeout: 240
need_dropwatch
# What is generated: one port per kind, so the port filter below has a known answer.
LO_UDP=60 LO_TCP=30 LO_UDP6=40 LO_BADUDP=50 LO_BADTCP=25
VE_UDP=40 VE_TCP=20 VE_BADUDP=30
P_UDP=9001 P_TCP=9002 P_UDP6=9003 P_BADUDP=9004 P_BADTCP=9005
DWB_MAC=$(cat /sys/class/net/dwb/address)
DWB_IDX=$(cat /sys/class/net/dwb/ifindex)

# The owner: starts packet mode, sees everything. Then three passive listeners, one filter each.
mkfifo own.in f1.in f2.in f3.in
sigdfl "$DW" -l kas --format json <own.in >own.json 2>own.err &
own=$!
exec 3>own.in
printf 'set sw true\nset hw false\nset alertmode packet\nstart\n' >&3
wait_for own.err 'Kernel monitoring activated' 15 || { show own.err; fail "the owner never started monitoring"; }
F1='reason == UDP_CSUM'
F2="dport == $P_UDP"
F3='ifname == dwb && l4 == udp'
listen() { # listen N FILTER: a passive listener reading commands from fN.in, pid in $lisN
    sigdfl "$DW" -l kas --format json --passive --filter "$2" <"f$1.in" >"f$1.json" 2>"f$1.err" &
    eval "lis$1=\$!"
}
listen 1 "$F1"; exec 4>f1.in; echo start >&4
listen 2 "$F2"; exec 5>f2.in; echo start >&5
listen 3 "$F3"; exec 6>f3.in; echo start >&6
for n in 1 2 3; do
    wait_for "f$n.err" 'Listening for alerts' 15 || { show "f$n.err"; fail "listener $n did not attach"; }
done

dropgen udp $P_UDP $LO_UDP >/dev/null || fail "dropgen udp failed"
dropgen tcp $P_TCP $LO_TCP >/dev/null || fail "dropgen tcp failed"
dropgen udp6 $P_UDP6 $LO_UDP6 >/dev/null || fail "dropgen udp6 failed"
dropgen udpcsum $P_BADUDP $LO_BADUDP >/dev/null || fail "dropgen udpcsum failed"
dropgen tcpcsum $P_BADTCP $LO_BADTCP >/dev/null || fail "dropgen tcpcsum failed"
# Out of dwa, received on dwb from 10.99.2.9 (guest/init: veth_up)
dropgen eth dwa "$DWB_MAC" 10.99.2.9 10.99.2.1 udp $P_UDP $VE_UDP >/dev/null || fail "dropgen eth udp failed"
dropgen eth dwa "$DWB_MAC" 10.99.2.9 10.99.2.1 tcp $P_TCP $VE_TCP >/dev/null || fail "dropgen eth tcp failed"
dropgen eth dwa "$DWB_MAC" 10.99.2.9 10.99.2.1 badudp $P_BADUDP $VE_BADUDP >/dev/null || fail "dropgen eth badudp failed"
sleep 3

# Listeners stop first (their window lies inside the owner's), then the owner.
for n in 1 2 3; do
    eval "p=\$lis$n"
    kill -INT "$p"
    wait_for "f$n.err" 'Stopped listening' 15 || { show "f$n.err"; fail "listener $n did not stop listening on SIGINT"; }
done
echo exit >&4; echo exit >&5; echo exit >&6; exec 4>&- 5>&- 6>&-
kill -INT "$own"; sleep 1; printf 'set alertmode summary\nexit\n' >&3; exec 3>&-
for p in $own $lis1 $lis2 $lis3; do
    wait_exit "$p" 20 || { kill -KILL "$p"; fail "dropwatch $p did not exit"; }
    wait "$p"; rc=$?
    [ "$rc" = 0 ] || { show own.err; fail "dropwatch $p: exit status $rc"; }
done
for f in own f1 f2 f3; do
    jq -e . "$f.json" >/dev/null || { show "$f.json"; fail "$f: stdout is not JSON Lines"; }
    [ "$(jq -s '[.[] | select(.type == "table")] | length' "$f.json")" = 1 ] || fail "$f: not exactly one table object"
done
jq -s -r '.[] | select(.type == "table") | .rows[] | "\(.count) \(.reason // "-") \(.ifname // .ifindex // "-") \(.location)"' own.json >rows.txt
show rows.txt "owner's table rows"

# Interface names: every packet with an ifindex names it, lo as lo, dwb's index as dwb.
jq -e -s --argjson b "$DWB_IDX" '[.[] | select(.type == "packet" and has("ifindex"))] |
    all((.ifindex == 1 and .ifname == "lo") or (.ifindex == $b and .ifname == "dwb") or (.ifindex != 1 and .ifindex != $b))' own.json >/dev/null ||
    { jq -c -s '[.[] | select(.type == "packet" and has("ifindex"))] | map({ifindex, ifname}) | unique' own.json; fail "packets with the ifindex of lo or dwb lack the right ifname"; }

# kind REASON IFNAME ETHERTYPE L4 EXPECTED: the drops of one generated kind. Where the kernel drops
# it is taken from the packets (one location, whatever the kernel version put there: function names
# with udp/tcp, offsets as built), then the table row of (location, reason, interface) must hold
# exactly EXPECTED, and so must the packet objects.
kind() {
    sel='.type == "packet" and .reason == $r and .ifname == $i and .protocol == $e and (.symbol // "" | test($l))'
    locs=$(jq -s -r --arg r "$1" --arg i "$2" --argjson e "$3" --arg l "$4" \
        "[.[] | select($sel) | \"\(.symbol)+\(.offset)\"] | unique | .[]" own.json)
    [ "$(echo "$locs" | grep -c .)" = 1 ] || fail "$1 $4 on $2: expected one location, got: $(echo $locs)"
    pk=$(jq -s --arg r "$1" --arg i "$2" --argjson e "$3" --arg l "$4" "[.[] | select($sel)] | length" own.json)
    row=$(jq -s --arg r "$1" --arg i "$2" --arg loc "$locs" \
        '[.[] | select(.type == "table") | .rows[] | select(.reason == $r and .ifname == $i and .location == $loc) | .count] | add // 0' own.json)
    note "$1 $4 on $2 at $locs: table $row, packets $pk (generated $5)"
    [ "$row" = "$5" ] || fail "table row ($locs, $1, $2): $row, expected $5"
    [ "$pk" = "$5" ] || fail "packet objects for ($locs, $1, $2): $pk, expected $5"
    echo "$locs $1 $2" >>kinds.txt
}
kind NO_SOCKET lo 2048 udp $LO_UDP
kind NO_SOCKET lo 2048 tcp $LO_TCP
kind NO_SOCKET lo 34525 udp $LO_UDP6
kind UDP_CSUM lo 2048 udp $LO_BADUDP
kind TCP_CSUM lo 2048 tcp $LO_BADTCP
kind NO_SOCKET dwb 2048 udp $VE_UDP
kind NO_SOCKET dwb 2048 tcp $VE_TCP
kind UDP_CSUM dwb 2048 udp $VE_BADUDP
# Eight different keys: the same location on lo and dwb are two rows, not one.
[ "$(sort -u kinds.txt | wc -l)" = 8 ] || { cat kinds.txt; fail "the eight kinds do not have eight distinct table keys"; }
# Nothing else of ours on dwb (its drops are exactly what we sent).
dwb=$(jq -s '[.[] | select(.type == "table") | .rows[] | select(.ifname == "dwb") | .count] | add // 0' own.json)
[ "$dwb" = $((VE_UDP + VE_TCP + VE_BADUDP)) ] || fail "the table has $dwb drops on dwb, expected $((VE_UDP + VE_TCP + VE_BADUDP))"
total=$(jq -s '[.[] | select(.type == "table")][0].total' own.json)
packets=$(jq -s '[.[] | select(.type == "packet")] | length' own.json)
[ "$total" = "$packets" ] || fail "owner: table total $total differs from its $packets packet objects"

# filtered N FILTER EXPECTED JQ-CHECK: listener N kept exactly EXPECTED packets, each passing the
# check; its table counts them; the stop object and the console line count the rest of what the
# owner saw in the same window as filtered out.
filtered() {
    kept=$(jq -s '[.[] | select(.type == "packet")] | length' "f$1.json")
    bad=$(jq -s "[.[] | select(.type == \"packet\") | select(($4) | not)] | length" "f$1.json")
    ttotal=$(jq -s '[.[] | select(.type == "table")][0].total' "f$1.json")
    out=$(jq -s '[.[] | select(.type == "stop")][0].filtered' "f$1.json")
    note "'$2': kept $kept (expected $3), table total $ttotal, filtered out $out; the owner saw $packets"
    [ "$kept" = "$3" ] || { head -n 5 "f$1.json"; fail "'$2' kept $kept packets, expected $3"; }
    [ "$bad" = 0 ] || fail "'$2' kept $bad packets that do not match it"
    [ "$ttotal" = "$3" ] || fail "'$2': its table total is $ttotal, expected $3"
    [ "$out" = $((packets - kept)) ] || fail "'$2': $out filtered out, expected $((packets - kept)) (owner's $packets - $kept kept)"
    grep -q "^Filtered out: $out drops not matching '$2'\$" "f$1.err" || { show "f$1.err"; fail "'$2': no 'Filtered out: $out' line"; }
}
filtered 1 "$F1" $((LO_BADUDP + VE_BADUDP)) '.reason == "UDP_CSUM"'
filtered 2 "$F2" $((LO_UDP + VE_UDP)) '(.symbol | test("udp")) and .reason == "NO_SOCKET" and .protocol == 2048'
filtered 3 "$F3" $((VE_UDP + VE_BADUDP)) '.ifname == "dwb" and (.symbol | test("udp"))'
# The port filter's table: the UDP location on lo and on dwb, each with its own count.
jq -e -s --argjson a $LO_UDP --argjson b $VE_UDP '[.[] | select(.type == "table")][0].rows |
    (map(select(.ifname == "lo")) | map(.count) | add) == $a and (map(select(.ifname == "dwb")) | map(.count) | add) == $b' f2.json >/dev/null ||
    { jq -c -s '.[] | select(.type == "table") | .rows' f2.json; fail "'$F2': the table does not split $LO_UDP on lo and $VE_UDP on dwb"; }
