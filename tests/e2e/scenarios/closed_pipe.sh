# e2e-title: `dropwatch | head -n N` while drops flow (200/s), N covering every phase: exit 141 within 2 s of head exiting, kernel not monitoring afterwards
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 150
# Phases: N=1 ends during the banner, 2 at "Enabling monitoring..." (START in flight), 3 and 4 at the
# activation lines (monitoring, before any alert), 6 and 9 while summary lines are being printed.
need_dropwatch
trap '' PIPE   # a dropwatch that ended before reading 'start' must not take the script with it
dropgen udp 9 100000 200 >gen.txt 2>&1 &
gen=$!
trap 'kill "$gen" 2>/dev/null' EXIT   # the generator must not outlive this scenario, however it ends
for n in 1 2 3 4 6 9; do
    rm -f in p; mkfifo in p
    head -n "$n" <p >head.$n.txt &
    hpid=$!
    sigdfl "$DW" -l kas <in >p 2>err.$n.txt &
    pid=$!
    exec 3>in
    echo start >&3
    wait_exit "$hpid" 30 || { kill -KILL "$pid" "$hpid"; fail "N=$n: head never got $n lines"; }
    t0=$(uptime_s)
    if ! wait_exit "$pid" 2; then
        kill -KILL "$pid"; show err.$n.txt; fail "N=$n: dropwatch still running 2 s after its reader exited"
    fi
    t1=$(uptime_s)
    wait "$pid"; rc=$?
    exec 3>&-
    note "N=$n: exit $rc $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s after head exited"
    [ "$rc" = 141 ] || { show err.$n.txt stderr; fail "N=$n: exit status $rc, expected 141"; }
    [ -s err.$n.txt ] && { show err.$n.txt stderr; grep -v 'tracepoint\|NET_DM' err.$n.txt | grep -q . && fail "N=$n: unexpected stderr"; }
    if dm_monitoring; then
        nlprobe stop >/dev/null 2>&1
        fail "N=$n: the kernel was left monitoring"
    fi
done
kill "$gen" 2>/dev/null; wait "$gen" 2>/dev/null
nlprobe start >probe.txt 2>&1; prc=$?
[ "$prc" = 0 ] || { show probe.txt; fail "a fresh START failed (nlprobe exit $prc)"; }
nlprobe stop >/dev/null 2>&1
true
