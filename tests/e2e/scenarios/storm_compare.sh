# e2e-title: packet-mode storms side by side, ours vs Debian dropwatch 1.5.4 (figures for STORM.md)
# e2e-requires: dropwatch upstream opt-in
# e2e-module: load
# e2e-timeout: 900
# Same boot, same storm, one client at a time. Prints one "@@STORM label ..." line per run.
# STORM_N (default 50000) drops per storm; STORM_RUNS (default "1x 2x"): 1x = one dropgen
# process sending as fast as it can, 2x = two such processes at once (needs 2 vCPUs,
# DROPWATCH_E2E_SMP=2, to be a faster storm), mm = one process with sendmmsg, rNNNN = one
# process throttled to NNNN drops/s (the same storm for both clients: on one vCPU an
# unthrottled generator runs slower when the client uses more CPU). A run may be named twice.
# STORM_UPSTREAM_FIRST=1 runs upstream before ours in each pair (to see drift of the host).
N=${STORM_N:-50000}
need_dropwatch
[ -x /bin/dropwatch-upstream ] || fail "/bin/dropwatch-upstream missing (run.sh --upstream)"
note "vCPUs: $(grep -c ^processor /proc/cpuinfo); kernel config: $(nlprobe config-get | grep -o "u[0-9]*=[0-9]*" | tr "\n" " ")"
labels=""
for run in ${STORM_RUNS:-1x 2x}; do
    case $run in
        1x) gen="dropgen udp 9 $N" ;;
        2x) gen="dropgen udp 9 $N 0 2" ;;
        mm) gen="dropgen udpmm 9 $N" ;;
        r[0-9]*) gen="dropgen udp 9 $N ${run#r}" ;;
        *) fail "unknown STORM_RUNS entry $run" ;;
    esac
    l=$run; while [ -e "ours_$l.res" ]; do l=${l}+; done   # a run named twice: 2x, 2x+
    if [ "${STORM_UPSTREAM_FIRST:-0}" = 1 ]; then
        storm "upstream_$l" /bin/dropwatch-upstream $gen
        storm "ours_$l" "$DW" $gen
    else
        storm "ours_$l" "$DW" $gen
        storm "upstream_$l" /bin/dropwatch-upstream $gen
    fi
    labels="$labels ours_$l upstream_$l"
done
for l in $labels; do storm_report $l; done
for l in $labels; do
    . "./$l.res"
    # the accounting every client should satisfy: printed + socket drops + tail drops
    [ $((ns_blocks + sockdrops + tail)) = "$sent" ] ||
        note "$l: printed $ns_blocks + socket drops $sockdrops + tail drops $tail != $sent generated"
done
