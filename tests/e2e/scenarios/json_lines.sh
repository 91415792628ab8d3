# e2e-title: --format json: every stdout line parses with jq -e; counts equal the drops sent, in summary mode and packet mode (software only, hardware off)
# e2e-requires: dropwatch jq
# e2e-module: load
# e2e-timeout: 90
N=300
need_dropwatch
# Summary mode.
rm -f in; mkfifo in
sigdfl "$DW" -l kas --format json <in >sum.json 2>sum.err &
pid=$!
exec 3>in
printf 'set sw true\nset hw false\nstart\n' >&3
wait_for sum.err 'Kernel monitoring activated' 10 || { show sum.err; fail "summary: monitoring never started"; }
dropgen udp 9 $N >/dev/null
sleep 3
kill -INT "$pid"; sleep 1; echo exit >&3; exec 3>&-
wait_exit "$pid" 15 || { kill -KILL "$pid"; fail "summary: dropwatch did not exit"; }
wait "$pid"; rc=$?
[ "$rc" = 0 ] || { show sum.err; fail "summary: exit status $rc"; }
jq -e . sum.json >/dev/null || { show sum.json; fail "summary: stdout is not JSON Lines"; }
grep -v '^{' sum.json && fail "summary: a stdout line is not a JSON object"
sum=$(jq -s '[.[] | select(.type == "summary" and (.symbol // "" | test("udp"))) | .count] | add // 0' sum.json)
note "summary: $sum drops at udp functions (sent $N)"
[ "$sum" = "$N" ] || { show sum.json; fail "summary: counts at udp functions sum to $sum, expected $N"; }
[ "$(jq -s '[.[] | select(.type == "start")] | length' sum.json)" = 1 ] || fail "summary: no single start object"
jq -e -s '[.[] | select(.type == "stop")][0] | .cause == "interrupt" and .stopped == true' sum.json >/dev/null || fail "summary: no stop object with cause interrupt"
grep -q 'dropwatch> ' sum.json && fail "summary: the prompt reached stdout"

# Packet mode, with payloads.
rm -f in; mkfifo in
sigdfl "$DW" -l kas --format json --payload <in >pkt.json 2>pkt.err &
pid=$!
exec 3>in
printf 'set alertmode packet\nstart\n' >&3
wait_for pkt.err 'Kernel monitoring activated' 10 || { show pkt.err; fail "packet: monitoring never started"; }
dropgen udp 9 $N >/dev/null
sleep 2
kill -INT "$pid"; sleep 1; printf 'set alertmode summary\nexit\n' >&3; exec 3>&-
wait_exit "$pid" 15 || { kill -KILL "$pid"; fail "packet: dropwatch did not exit"; }
wait "$pid"; rc=$?
[ "$rc" = 0 ] || { show pkt.err; fail "packet: exit status $rc"; }
jq -e . pkt.json >/dev/null || { show pkt.json; fail "packet: stdout is not JSON Lines"; }
pk=$(jq -s '[.[] | select(.type == "packet" and .reason == "NO_SOCKET" and (.symbol | test("udp")))] | length' pkt.json)
note "packet: $pk NO_SOCKET packets at udp functions (sent $N)"
[ "$pk" = "$N" ] || { head -n 5 pkt.json; fail "packet: $pk NO_SOCKET packet objects at udp functions, expected $N"; }
jq -e -s '[.[] | select(.type == "packet")] | all(.origin == "software" and .protocol == 2048 and (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{9}Z$")) and (.payload | length) == (((.length + 2) / 3 | floor) * 4))' pkt.json >/dev/null \
    || { head -n 3 pkt.json; fail "packet: objects lack origin/protocol/time or a base64 payload of .length bytes"; }
