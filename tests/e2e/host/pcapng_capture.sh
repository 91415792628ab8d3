# Host side of scenario pcapng_capture: plain tcpdump and tshark read our pcapng without a
# warning, every packet's comment names the drop location and reason, and the packet count is
# the drop count. Usage: bash host/pcapng_capture.sh DIR
set -u
dir=$1
f=$dir/drops.pcapng
read -r n blocks <"$dir/expected"
command -v tshark >/dev/null && command -v tcpdump >/dev/null || { echo "tshark/tcpdump missing on the host (tests/e2e/setup.sh installs them)"; exit 1; }
tcpdump -nn -r "$f" >"$dir/tcpdump.out" 2>"$dir/tcpdump.err" || { echo "tcpdump -r failed: $(tail -n1 "$dir/tcpdump.err")"; exit 1; }
grep -v '^reading from file' "$dir/tcpdump.err" | grep . && { echo "tcpdump warned"; exit 1; }
tshark -r "$f" -T fields -E separator='|' -e frame.comment -e ip.proto -e udp.dstport 2>&1 >"$dir/rows" |
    grep -v '^Running as user' >"$dir/tshark.err"
[ -s "$dir/tshark.err" ] && { echo "tshark warned: $(head -n1 "$dir/tshark.err")"; exit 1; }
total=$(wc -l <"$dir/rows")
udp=$(grep -c '^drop at __udp4_lib_rcv+0x[0-9a-f]* reason NO_SOCKET origin software|17|9$' "$dir/rows")
echo "tcpdump: $(wc -l <"$dir/tcpdump.out") packets; tshark: $total packets, $udp UDP to port 9 with comment 'drop at __udp4_lib_rcv+0x… reason NO_SOCKET origin software'"
[ "$total" = "$blocks" ] || { echo "$total packets in the pcapng, $blocks blocks in the text output"; exit 1; }
[ "$(wc -l <"$dir/tcpdump.out")" = "$blocks" ] || { echo "tcpdump counts a different number of packets"; exit 1; }
[ "$udp" = "$n" ] || { head -n 3 "$dir/rows"; echo "$udp commented UDP drops, $n generated"; exit 1; }
# Every packet has a comment with a location and a reason or origin.
grep -vc '^drop at [^|]* origin [a-z]*|' "$dir/rows" | grep -qx 0 || { echo "a packet without a drop comment"; exit 1; }
# The interface block: Ethernet with a name (the loopback's ifindex here).
tshark -r "$f" -c 1 -T fields -e frame.interface_name -e frame.encap_type 2>/dev/null | head -n1
