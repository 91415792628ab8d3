# e2e-title: without drop_monitor: --source netdm gives upstream's lines, the hint and exit 1; the default falls back to the tracepoint and still sees drops
# e2e-requires: dropwatch
# e2e-module: none
# e2e-timeout: 60
need_dropwatch
grep -q '^drop_monitor ' /proc/modules && fail "drop_monitor is loaded"

# 1. upstream's behaviour, kept behind --source netdm
printf 'start\nexit\n' | timeout 20 "$DW" --source netdm -l kas >out.txt 2>err.txt
rc=$?
cat out.txt err.txt >all.txt
show out.txt stdout; show err.txt stderr
[ "$rc" = 1 ] || fail "exit status $rc, expected 1"
expect_line out.txt "Unable to find NET_DM family, dropwatch can't work" "no 'Unable to find NET_DM family' line on stdout"
expect_line out.txt 'Cleaning up on socket creation error' "no 'Cleaning up on socket creation error' line"
expect_line all.txt 'modprobe drop_monitor' "no hint mentioning 'modprobe drop_monitor'"

# 2. the default: one line saying so, then the skb:kfree_skb tracepoint, same output format
( sleep 2; while ! [ -e gen.stop ]; do dropgen udp 9 20 >/dev/null; sleep 0.3; done ) &
gen=$!
printf 'set alertlimit 2\nstart\nexit\n' | timeout 40 "$DW" -l kas >auto.txt 2>auto.err
rc=$?
touch gen.stop; wait $gen
show auto.txt stdout; show auto.err stderr
[ "$rc" = 0 ] || fail "fallback session exited $rc"
expect_line auto.err 'using the skb:kfree_skb tracepoint' "no line saying the tracepoint is used"
expect_no_line auto.txt 'Unable to find NET_DM family' "fallback printed upstream's failure line"
n=$(drop_lines auto.txt | wc -l)
[ "$n" -ge 2 ] || fail "expected 2 summary lines from the tracepoint, got $n"
drop_lines auto.txt | grep -Eq ' drops at [A-Za-z0-9_.]*udp[A-Za-z0-9_.]*\+' || fail "no drop at a udp function"
expect_line auto.txt 'Got a stop message' "no 'Got a stop message'"
grep -q '^drop_monitor ' /proc/modules && fail "drop_monitor got loaded"
true
