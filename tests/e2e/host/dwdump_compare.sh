# Host side of scenario dwdump_compare: both pcap files decode with Wireshark's net_dm dissector,
# and give the same rows modulo timestamps and addresses. Usage: bash host/dwdump_compare.sh DIR
set -u
dir=$1
n=$(cat "$dir/expected")
command -v tshark >/dev/null || { echo "tshark missing on the host (tests/e2e/setup.sh installs it)"; exit 1; }
fields() {
    # Debian 12's tshark (4.0) has no net_dm.reason field, and netlink's type is netlink.hdr_type there.
    tshark -r "$1" -T fields -E separator='|' -e netlink.hdr_type -e net_dm.cmd -e net_dm.pc -e net_dm.symbol \
        -e net_dm.proto -e net_dm.orig_len -e ip.proto 2>&1 >"$2" | grep -v '^Running as user' >"$1.tshark-err"
    [ "${PIPESTATUS[0]}" = 0 ]
}
for f in ours upstream; do
    fields "$dir/$f.pcap" "$dir/$f.rows" || { echo "tshark cannot read $f.pcap: $(head -n1 "$dir/$f.pcap.tshark-err")"; exit 1; }
    if [ -s "$dir/$f.pcap.tshark-err" ]; then echo "tshark warned on $f.pcap: $(head -n1 "$dir/$f.pcap.tshark-err")"; exit 1; fi
    # The first record is the family dump: genl controller messages, no net_dm fields.
    first=$(head -n1 "$dir/$f.rows")
    case "$first" in 16\|*|16,*) ;; *) echo "$f: first record is not a generic netlink controller message: $first"; exit 1 ;; esac
    # Packet alerts (command 5) at the UDP no-socket site, decoded down to IP protocol 17.
    udp=$(grep -c '|5|[^|]*|__udp4_lib_rcv+[^|]*|[^|]*|[^|]*|17$' "$dir/$f.rows")
    echo "$f: $(wc -l <"$dir/$f.rows") records, $udp UDP packet alerts at __udp4_lib_rcv"
    [ "$udp" = "$n" ] || { echo "$f: $udp UDP drops decoded, $n generated"; head -n 5 "$dir/$f.rows"; exit 1; }
done
# Same drop rows (PC, symbol, reason, protocol: one boot, one kernel address) in both.
grep '|17$' "$dir/ours.rows" | sort >"$dir/ours.udp"
grep '|17$' "$dir/upstream.rows" | sort >"$dir/upstream.udp"
if ! cmp -s "$dir/ours.udp" "$dir/upstream.udp"; then
    diff "$dir/upstream.udp" "$dir/ours.udp" | head -n 10
    echo "the UDP drop rows differ between Debian's dwdump and ours"
    exit 1
fi
echo "same $n rows: $(head -n1 "$dir/ours.udp")"
# The family dump in the first record names NET_DM (that is how Wireshark maps the id to net_dm).
tshark -r "$dir/ours.pcap" -c 1 -T fields -e genl.ctrl.family_name 2>/dev/null | grep -q 'NET_DM' ||
    { echo "our first record does not name the NET_DM family"; exit 1; }
