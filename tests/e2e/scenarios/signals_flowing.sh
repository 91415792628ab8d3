# e2e-title: while drops flow (200/s): SIGTERM, SIGHUP, SIGQUIT, SIGINT twice, alert limit and EOF all end with the kernel not monitoring and the documented status
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 150
need_dropwatch
dropgen udp 9 100000 200 >gen.txt 2>&1 &
gen=$!
trap 'kill "$gen" 2>/dev/null' EXIT   # the generator must not outlive this scenario, however it ends
check_stopped() { # check_stopped LABEL
    if dm_monitoring; then nlprobe stop >/dev/null 2>&1; fail "$1: the kernel was left monitoring"; fi
}
for case in TERM:143 HUP:129 QUIT:131 INT2:130; do
    sig=${case%%:*}; want=${case##*:}
    rm -f in
    start_monitoring out.$sig.txt err.$sig.txt -l kas || { show out.$sig.txt; fail "$sig: monitoring never started"; }
    sleep 1.5
    # Two Ctrl-C presses are apart in time; sent back to back the kernel merges them into one pending SIGINT.
    if [ "$sig" = INT2 ]; then kill -INT "$pid"; sleep 0.2; kill -INT "$pid"; else kill -"$sig" "$pid"; fi
    wait_exit "$pid" 10 || { kill -KILL "$pid"; show out.$sig.txt; fail "$sig: still running 10 s after the signal"; }
    wait "$pid"; rc=$?
    exec 3>&-
    note "$sig: exit $rc"
    [ "$rc" = "$want" ] || { show out.$sig.txt; show err.$sig.txt; fail "$sig: exit status $rc, expected $want"; }
    check_stopped "$sig"
done
# Alert limit, then end of input at the prompt.
printf 'set alertlimit 3\nstart\n' | timeout 30 "$DW" -l kas >limit.txt 2>limit.err; rc=$?
show limit.txt
[ "$rc" = 0 ] || fail "alert limit + EOF: exit status $rc"
expect_line limit.txt '^Alert limit reached, deactivating!$' "no alert limit line"
expect_line limit.txt 'Got a stop message' "no stop message after the limit"
expect_line limit.txt 'Terminating dropwatch' "EOF at the prompt did not end dropwatch"
check_stopped "alert limit"
kill "$gen" 2>/dev/null; wait "$gen" 2>/dev/null
true
