# e2e-title: an interface created while dropwatch monitors is named from its first drop: the name cache dumps the interface table at once for an index it has not seen (not only once a second), so every packet object on the new veth carries its ifname
# e2e-requires: dropwatch jq
# e2e-kernel: veth
# e2e-module: load
# e2e-timeout: 120
need_dropwatch
N=20
rm -f in; mkfifo in
sigdfl "$DW" -l kas --format json <in >new.json 2>new.err &
pid=$!
exec 3>in
printf 'set alertmode packet\nstart\n' >&3
wait_for new.err 'Kernel monitoring activated' 15 || { show new.err; fail "monitoring never started"; }
# A drop on lo first: its lookup makes the cache's first dump, before the new pair exists.
dropgen udp 9101 1 >/dev/null
wait_for new.json '"ifname":"lo"' 10 || fail "the lo drop never arrived named"
# The new pair, right after that dump (well within a second of it)
ip link add dwc type veth || fail "ip link add dwc failed"
peer=""
for d in /sys/class/net/*; do [ "$(cat "$d/ifindex")" = "$(cat /sys/class/net/dwc/iflink)" ] && peer=${d##*/}; done
ip link set "$peer" name dwd || fail "renaming $peer failed"
for i in dwc dwd; do echo 1 >/proc/sys/net/ipv6/conf/$i/disable_ipv6; echo 0 >/proc/sys/net/ipv4/conf/$i/rp_filter; done
ip addr add 10.98.1.1/24 dev dwc; ip addr add 10.98.2.1/24 dev dwd
ip link set dwc up; ip link set dwd up
arp -s 10.98.2.9 "$(cat /sys/class/net/dwc/address)" -i dwd
IDX=$(cat /sys/class/net/dwd/ifindex)
dropgen eth dwc "$(cat /sys/class/net/dwd/address)" 10.98.2.9 10.98.2.1 udp 9102 $N >/dev/null || fail "dropgen eth failed"
sleep 2
kill -INT "$pid"; sleep 1; printf 'set alertmode summary\nexit\n' >&3; exec 3>&-
wait_exit "$pid" 20 || { kill -KILL "$pid"; fail "dropwatch did not exit"; }
wait "$pid"; rc=$?
[ "$rc" = 0 ] || { show new.err; fail "exit status $rc"; }
on=$(jq -s --argjson i "$IDX" '[.[] | select(.type == "packet" and .ifindex == $i and .reason == "NO_SOCKET")] | length' new.json)
named=$(jq -s --argjson i "$IDX" '[.[] | select(.type == "packet" and .ifindex == $i and .reason == "NO_SOCKET" and .ifname == "dwd")] | length' new.json)
note "new interface dwd (ifindex $IDX): $on NO_SOCKET drops, $named named dwd (sent $N)"
[ "$on" = "$N" ] || fail "$on NO_SOCKET drops on ifindex $IDX, expected $N"
[ "$named" = "$N" ] || { jq -c -s --argjson i "$IDX" '[.[] | select(.type == "packet" and .ifindex == $i)] | map(.ifname) | group_by(.) | map({(.[0] // "none"): length}) | add' new.json; fail "only $named of $N drops on the new interface carry its name"; }
jq -e -s --argjson i "$IDX" '[.[] | select(.type == "table") | .rows[] | select(.ifindex == $i)] | all(.ifname == "dwd")' new.json >/dev/null \
    || fail "the table's rows for the new interface lack its name"
