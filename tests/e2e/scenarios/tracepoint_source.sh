# e2e-title: --source tracepoint on this kernel's skb:kfree_skb layout (6.12 added rx_sk, moving protocol and reason): packet blocks agree with NET_DM's for the same drop
# e2e-requires: dropwatch
# e2e-kernel: kfree_skb:reason
# e2e-module: load
# e2e-timeout: 90
need_dropwatch
grep 'field:' /sys/kernel/tracing/events/skb/kfree_skb/format | sed 's/^[[:space:]]*/    /'
gen() { ( sleep 1; while ! [ -e gen.stop ]; do dropgen udp 9 5 >/dev/null; sleep 0.3; done ) & genpid=$!; }
IN='set alertmode packet\nset alertlimit 3\nstart\nset alertmode summary\nexit\n'
rm -f gen.stop; gen
printf "$IN" | timeout 40 "$DW" --source tracepoint -l kas >tp.out 2>tp.err; tp_rc=$?
touch gen.stop; wait $genpid
rm -f gen.stop; gen
printf "$IN" | timeout 40 "$DW" --source netdm -l kas >dm.out 2>dm.err; dm_rc=$?
touch gen.stop; wait $genpid
show tp.out "--source tracepoint"; show tp.err "stderr"; show dm.out "--source netdm"
[ "$tp_rc" = 0 ] || fail "--source tracepoint: exit status $tp_rc"
[ "$dm_rc" = 0 ] || fail "--source netdm: exit status $dm_rc"
# protocol and reason are read at the offsets the format file gives; wrong offsets give garbage
n=$(grep -c '^drop reason: NO_SOCKET$' tp.out)
[ "$n" = 3 ] || fail "expected 3 blocks with 'drop reason: NO_SOCKET' from the tracepoint, got $n"
[ "$(grep -c '^protocol: 0x800$' tp.out)" = 3 ] || fail "expected 'protocol: 0x800' in every tracepoint block"
# the same drop site as NET_DM names it (the kernel's own %pS there)
tp_at=$(grep -m1 '^drop at: ' tp.out); dm_at=$(grep -m1 '^drop at: ' dm.out)
[ -n "$dm_at" ] || fail "NET_DM reported no packet block"
[ "$tp_at" = "$dm_at" ] || fail "drop site differs: tracepoint '$tp_at', NET_DM '$dm_at'"
