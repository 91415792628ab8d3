# Host side of scenario dwdump_compare: both pcap files read without warnings, ours decodes with
# Wireshark's net_dm dissector, and both give the same rows modulo timestamps and addresses.
# Usage: bash host/dwdump_compare.sh DIR
set -u
dir=$1
n=$(cat "$dir/expected")
command -v tshark >/dev/null && command -v editcap >/dev/null && command -v mergecap >/dev/null ||
    { echo "tshark/editcap/mergecap missing on the host (tests/e2e/setup.sh installs tshark)"; exit 1; }
# rows FILE OUT: one line per record. Debian 12's tshark (4.0) has no net_dm.reason field; the
# genl header's type is genl.family_id there.
rows() {
    tshark -r "$1" -T fields -E separator='|' -e genl.family_id -e net_dm.cmd -e net_dm.pc -e net_dm.symbol \
        -e net_dm.proto -e net_dm.orig_len -e ip.proto 2>&1 >"$2" | grep -v '^Running as user' >"$2.err"
    [ "${PIPESTATUS[0]}" = 0 ] || { echo "tshark cannot read $1: $(head -n1 "$2.err")"; return 1; }
    [ -s "$2.err" ] && { echo "tshark warned on $1: $(head -n1 "$2.err")"; return 1; }
    return 0
}
# Packet alerts (command 5) at the UDP no-socket site, decoded through Ethernet down to IP protocol 17.
udp_rows() { grep '^[^|]*|5|[^|]*|__udp4_lib_rcv+[^|]*|[^|]*|[^|]*|17$' "$1" | sort; }

rows "$dir/ours.pcap" "$dir/ours.rows" || exit 1
rows "$dir/upstream.pcap" "$dir/upstream.rows" || exit 1
# Ours starts with the family dump: controller (0x10) records, up to the one naming NET_DM.
fam=$(awk -F'|' '$1 ~ /^0x10(,0x10)*$/ { n++; next } { exit } END { print n + 0 }' "$dir/ours.rows")
[ "$fam" -ge 1 ] || { echo "ours: the first record is not the generic netlink family dump: $(head -n1 "$dir/ours.rows")"; exit 1; }
tshark -r "$dir/ours.pcap" -c "$fam" -T fields -e genl.ctrl.family_name 2>/dev/null | grep -q 'NET_DM' ||
    { echo "ours: the family dump records do not name NET_DM"; exit 1; }
udp_rows "$dir/ours.rows" >"$dir/ours.udp"
echo "ours: $(wc -l <"$dir/ours.rows") records ($fam family dump), $(wc -l <"$dir/ours.udp") UDP drops decoded as net_dm"
[ "$(wc -l <"$dir/ours.udp")" = "$n" ] || { echo "ours: $(wc -l <"$dir/ours.udp") UDP drops decoded, $n generated"; head -n 5 "$dir/ours.rows"; exit 1; }

# Debian's dwdump writes only the first datagram of the dump; when NET_DM is not in it (a module
# loaded after the first few families), Wireshark cannot name the family and decodes no net_dm.
updec=$(udp_rows "$dir/upstream.rows" | wc -l)
echo "upstream as written: $(wc -l <"$dir/upstream.rows") records, $updec UDP drops decoded as net_dm"
if [ "$updec" != "$n" ]; then
    # Decode its records with the family map from ours (same boot, same family id).
    editcap -r "$dir/ours.pcap" "$dir/fam.pcap" "1-$fam" >/dev/null 2>&1 &&
        mergecap -F pcap -a -w "$dir/upstream-mapped.pcap" "$dir/fam.pcap" "$dir/upstream.pcap" >/dev/null 2>&1 ||
        { echo "editcap/mergecap failed"; exit 1; }
    rows "$dir/upstream-mapped.pcap" "$dir/upstream.rows" || exit 1
    echo "upstream with our family records in front: $(udp_rows "$dir/upstream.rows" | wc -l) UDP drops decoded as net_dm"
fi
udp_rows "$dir/upstream.rows" >"$dir/upstream.udp"
if ! cmp -s "$dir/ours.udp" "$dir/upstream.udp"; then
    diff "$dir/upstream.udp" "$dir/ours.udp" | head -n 10
    echo "the UDP drop rows differ between Debian's dwdump and ours"
    exit 1
fi
echo "same $n rows (family id|cmd|pc|symbol|proto|orig_len|ip.proto): $(head -n1 "$dir/ours.udp")"
