# e2e-title: drop table (JSON "table" object, packet mode): per (location, reason) counts equal a mixed load of UDP, TCP and IPv6 UDP drops to closed ports; --table prints the text table
# e2e-requires: dropwatch jq
# e2e-module: load
# e2e-timeout: 120
U=120; T=40; S=60
need_dropwatch
rm -f in; mkfifo in
sigdfl "$DW" -l kas --format json <in >tab.json 2>tab.err &
pid=$!
exec 3>in
printf 'set sw true\nset hw false\nset alertmode packet\nstart\n' >&3
wait_for tab.err 'Kernel monitoring activated' 15 || { show tab.err; fail "monitoring never started"; }
dropgen udp 9 $U >/dev/null || fail "dropgen udp failed"
dropgen tcp 9 $T >/dev/null || fail "dropgen tcp failed"
dropgen udp6 9 $S >/dev/null || fail "dropgen udp6 failed"
sleep 3
kill -INT "$pid"; sleep 1; printf 'set alertmode summary\nexit\n' >&3; exec 3>&-
wait_exit "$pid" 20 || { kill -KILL "$pid"; fail "dropwatch did not exit"; }
wait "$pid"; rc=$?
[ "$rc" = 0 ] || { show tab.err; fail "exit status $rc"; }
jq -e . tab.json >/dev/null || { show tab.json; fail "stdout is not JSON Lines"; }
[ "$(jq -s '[.[] | select(.type == "table")] | length' tab.json)" = 1 ] || { tail -n 3 tab.json; fail "not exactly one table object"; }
jq -s -r '.[] | select(.type == "table") | .rows[] | "\(.count) \(.reason // "-") \(.location)"' tab.json > rows.txt
show rows.txt "table rows"
# The table object's order: after every packet, before the stop object.
jq -e -s 'map(.type) | (index("table") > (rindex("packet") // -1)) and (index("table") < index("stop"))' tab.json >/dev/null \
    || fail "the table object is not between the last packet and the stop object"
count() { jq -s --arg loc "$1" '[.[] | select(.type == "table") | .rows[] | select(.reason == "NO_SOCKET" and (.location | test($loc))) | .count] | add // 0' tab.json; }
udp=$(count '^__udp4_lib_rcv[+]'); tcp=$(count '^tcp_v4_rcv[+]'); udp6=$(count '^__udp6_lib_rcv[+]')
note "table: udp4 $udp (sent $U), tcp $tcp (sent $T), udp6 $udp6 (sent $S)"
[ "$udp" = "$U" ] || fail "NO_SOCKET at __udp4_lib_rcv: $udp, expected $U"
[ "$tcp" = "$T" ] || fail "NO_SOCKET at tcp_v4_rcv: $tcp, expected $T"
[ "$udp6" = "$S" ] || fail "NO_SOCKET at __udp6_lib_rcv: $udp6, expected $S"
# Each row's count agrees with the packet objects of that (location, reason).
pk=$(jq -s '[.[] | select(.type == "packet" and .reason == "NO_SOCKET" and (.symbol // "" | test("^(__udp4_lib_rcv|tcp_v4_rcv|__udp6_lib_rcv)$")))] | length' tab.json)
[ "$pk" = $((U + T + S)) ] || fail "packet objects at those locations: $pk, expected $((U + T + S))"
total=$(jq -s '[.[] | select(.type == "table")][0].total' tab.json)
packets=$(jq -s '[.[] | select(.type == "packet")] | length' tab.json)
[ "$total" = "$packets" ] || fail "table total $total differs from the $packets packet objects"

# Text mode with --table: the aligned table follows "Got a stop message".
rm -f in
start_monitoring out.txt err.txt -l kas --table || sleep 2
dropgen udp 9 $U >/dev/null
sleep 3
kill -INT $pid; sleep 1; echo exit >&3; exec 3>&-
wait_exit $pid 15 || { kill -KILL $pid; fail "text: dropwatch did not exit"; }
wait $pid; rc=$?
show out.txt stdout
[ "$rc" = 0 ] || fail "text: exit status $rc"
sed -n '/^Got a stop message$/,$p' out.txt | grep -q '^Drops by location and reason (NET_DM, summary mode' || fail "text: no table after the stop message"
tsum=$(sed -n '/^COUNT /,/ total$/p' out.txt | awk '/\(summary mode: no reason\)/ && $NF ~ /^__udp4_lib_rcv\+/ {s += $1} END {print s + 0}')
note "text table: $tsum at __udp4_lib_rcv (sent $U)"
[ "$tsum" = "$U" ] || fail "text: table count at __udp4_lib_rcv is $tsum, expected $U"

