# e2e-title: --passive: a second dropwatch sees the owner's packet alerts without START/STOP/CONFIG; after it exits the owner is still monitoring, configuration unchanged
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 75
need_dropwatch
N=20
mkfifo own.in lis.in
sigdfl "$DW" -l kas <own.in >own.out 2>own.err &
own=$!
exec 3>own.in
printf 'set alertmode packet\nset trunc 96\nstart\n' >&3
wait_for own.out 'Kernel monitoring activated' 15 || { show own.out; show own.err; fail "owner did not start monitoring"; }
nlprobe config-get >config.before
sigdfl "$DW" -l kas --passive <lis.in >lis.out 2>lis.err &
lis=$!
exec 4>lis.in
echo start >&4
wait_for lis.out 'Listening for alerts while another client monitors' 15 || { show lis.out; show lis.err; fail "passive client did not attach"; }
dropgen udp 9 "$N" >/dev/null
for f in own.out lis.out; do
    _i=0
    while [ "$(grep -c '^drop at: __udp4_lib_rcv+' $f)" -lt "$N" ] && [ $_i -lt 150 ]; do sleep 0.1; _i=$((_i + 1)); done
done
kill -INT "$lis"
wait_for lis.out "Stopped listening" 15 || { show lis.out; fail "passive client did not stop listening on SIGINT"; }
echo exit >&4; exec 4>&-
wait_exit "$lis" 15 || fail "passive client did not exit"
wait "$lis"; lrc=$?
show lis.err "passive stderr"
# What the passive client left: the owner's monitor still on, the configuration as the owner set it.
dm_monitoring || fail "the kernel stopped monitoring when the passive client exited"
nlprobe config-get >config.after
cmp -s config.before config.after || { show config.before; show config.after; fail "the configuration changed"; }
# The owner keeps receiving: 5 more drops reach it.
dropgen udp 9 5 >/dev/null
_i=0
while [ "$(grep -c '^drop at: __udp4_lib_rcv+' own.out)" -lt $((N + 5)) ] && [ $_i -lt 150 ]; do sleep 0.1; _i=$((_i + 1)); done
kill -INT "$own"
wait_for own.out 'Got a stop message' 15 || fail "owner did not stop"
printf 'set alertmode summary\nset trunc 0\nexit\n' >&3; exec 3>&-
wait_exit "$own" 15 || fail "owner did not exit"
! dm_monitoring || fail "kernel still monitoring after the owner exited"
[ "$lrc" = 0 ] || fail "passive client exit status $lrc"
own_udp=$(grep -c '^drop at: __udp4_lib_rcv+' own.out)
lis_udp=$(grep -c '^drop at: __udp4_lib_rcv+' lis.out)
note "owner: $own_udp UDP drop blocks, passive: $lis_udp"
[ "$lis_udp" = "$N" ] || { show lis.out; fail "passive client saw $lis_udp of $N drops"; }
[ "$own_udp" = $((N + 5)) ] || fail "owner saw $own_udp of $((N + 5)) drops"
# Same alerts: the passive client's UDP drop-at lines are the owner's first N.
grep '^drop at: __udp4_lib_rcv+' lis.out | sort | uniq -c >lis.sites
grep '^drop at: __udp4_lib_rcv+' own.out | head -n "$N" | sort | uniq -c >own.sites
cmp -s lis.sites own.sites || { show lis.sites; show own.sites; fail "different drop sites"; }
expect_no_line lis.out 'Kernel monitoring activated|Got a stop message' "the passive client claimed to start or stop the monitor"
