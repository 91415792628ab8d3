# e2e-title: packet-mode storms side by side, ours vs Debian dropwatch 1.5.4 (figures for STORM.md)
# e2e-requires: dropwatch upstream opt-in
# e2e-module: load
# e2e-timeout: 1800
# Same boot, same storm, one client at a time. Prints one "@@STORM label ..." line per run.
# STORM_N (default 50000) drops per storm; STORM_RUNS (default "1x 2x"): 1x = one dropgen
# process sending as fast as it can, 2x = two such processes at once (needs 2 vCPUs,
# DROPWATCH_E2E_SMP=2, to be a faster storm), mm = one process with sendmmsg, rNNNN = one
# process throttled to NNNN drops/s (the same storm for both clients: on one vCPU an
# unthrottled generator runs slower when the client uses more CPU). A run may be named twice.
# STORM_UPSTREAM_FIRST=1 runs upstream before ours in each pair (to see drift of the host).
# A run prefixed with j (j1x, jr2000) runs only ours, with --format json, and is compared with
# upstream's text run of the same storm (name that run too). A run prefixed with s (sr2000) runs
# each client with strace -c -f attached for the storm (STORM_STRACE_N drops, default 5000):
# syscalls per alert; its CPU figures are not used. A run prefixed with m (mr2000, m1x) runs both
# clients in summary mode (delivered = the drops the "N drops at" lines add up to).
# Every text/JSON run ends with a lone drop (STORM_LATENCY): lone_ms = how long until it was
# written to the output file (-1: not within 3 s).
# Per storm a "@@COMPARE" line: delivered %, CPU ticks per 1,000 delivered for both clients,
# ours / upstream, the same from the threads' schedstat in µs (us_ratio: exact where ticks are too
# coarse, as in summary mode; threads that ended during the storm are not in it), lone_ms and peak
# RSS; per strace run a "@@SYSCALLS" line.
N=${STORM_N:-50000}
need_dropwatch
[ -x /bin/dropwatch-upstream ] || fail "/bin/dropwatch-upstream missing (run.sh --upstream)"
note "vCPUs: $(grep -c ^processor /proc/cpuinfo); kernel config: $(nlprobe config-get | grep -o "u[0-9]*=[0-9]*" | tr "\n" " ")"
labels=""; pairs=""; traced=""
for run in ${STORM_RUNS:-r2000 1x jr2000 j1x sr2000}; do
    base=$run; json=0; trace=0; summary=0; n=$N
    case $base in j*) json=1; base=${base#j} ;; esac
    case $base in m*) summary=1; base=${base#m} ;; esac
    case $base in s*) trace=1; base=${base#s}; n=${STORM_STRACE_N:-5000} ;; esac
    case $base in
        1x) gen="dropgen udp 9 $n" ;;
        2x) gen="dropgen udp 9 $n 0 2" ;;
        mm) gen="dropgen udpmm 9 $n" ;;
        r[0-9]*) gen="dropgen udp 9 $n ${base#r}" ;;
        *) fail "unknown STORM_RUNS entry $run" ;;
    esac
    l=$run; while [ -e "ours_$l.res" ]; do l=${l}+; done   # a run named twice: 2x, 2x+
    if [ "$json" = 1 ]; then
        STORM_JSON=1; STORM_ARGS="--format json"; STORM_LATENCY=1
        storm "ours_$l" "$DW" $gen
        unset STORM_JSON STORM_ARGS STORM_LATENCY
        labels="$labels ours_$l"; pairs="$pairs ours_$l:upstream_$base"
        continue
    fi
    # msr2000: strace in summary mode
    if [ "$trace" = 1 ]; then STORM_STRACE=1; fi
    if [ "$summary" = 1 ]; then STORM_SUMMARY=1; elif [ "$trace" != 1 ]; then STORM_LATENCY=1; fi
    if [ "${STORM_UPSTREAM_FIRST:-0}" = 1 ]; then
        storm "upstream_$l" /bin/dropwatch-upstream $gen
        storm "ours_$l" "$DW" $gen
    else
        storm "ours_$l" "$DW" $gen
        storm "upstream_$l" /bin/dropwatch-upstream $gen
    fi
    unset STORM_STRACE STORM_LATENCY STORM_SUMMARY
    labels="$labels ours_$l upstream_$l"
    if [ "$trace" = 1 ]; then traced="$traced $l"; else pairs="$pairs ours_$l:upstream_$l"; fi
done
for l in $labels; do storm_report $l; done
for l in $labels; do
    . "./$l.res"
    # the accounting every client should satisfy: printed + socket drops + tail drops
    [ $((ns_blocks + sockdrops + tail)) = "$sent" ] ||
        note "$l: printed $ns_blocks + socket drops $sockdrops + tail drops $tail != $sent generated"
done
for p in $pairs; do
    o=${p%%:*}; u=${p#*:}
    [ -e "$u.res" ] || { note "$o: no $u run to compare with"; continue; }
    ( . "./$o.res"; ob=$ns_blocks; os=$sent; oc=$cpu_ticks; ol=$lone_ms; orate=$gen_rate; oh=$hwm_kb; ou=${cpu_us:-0}
      . "./$u.res"
      awk -v st="${o#ours_}" -v ob="$ob" -v os="$os" -v oc="$oc" -v ol="$ol" -v orate="$orate" -v oh="$oh" \
          -v ub="$ns_blocks" -v us="$sent" -v uc="$cpu_ticks" -v ul="$lone_ms" -v urate="$gen_rate" -v uh="$hwm_kb" \
          -v ou="$ou" -v uu="${cpu_us:-0}" 'BEGIN {
          ot = ob ? oc * 1000 / ob : 0; ut = ub ? uc * 1000 / ub : 0
          oq = ob ? ou * 1000 / ob : 0; uq = ub ? uu * 1000 / ub : 0
          printf "@@COMPARE %s rate_ours=%d rate_upstream=%d delivered_ours=%.2f%% delivered_upstream=%.2f%% ticks_per_1k_ours=%.2f ticks_per_1k_upstream=%.2f ratio=%.2f us_per_1k_ours=%.1f us_per_1k_upstream=%.1f us_ratio=%.2f lone_ms_ours=%d lone_ms_upstream=%d peak_rss_kb_ours=%d peak_rss_kb_upstream=%d\n",
              st, orate, urate, (os ? 100 * ob / os : 0), (us ? 100 * ub / us : 0), ot, ut, (ut ? ot / ut : 0), oq, uq, (uq ? oq / uq : 0), ol, ul, oh, uh }' )
done
for l in $traced; do
    ( . "./ours_$l.res"; ob=$ns_blocks; osc=$syscalls; ow=$writes; ov=$wakeups
      . "./upstream_$l.res"
      awk -v st="$l" -v ob="$ob" -v osc="$osc" -v ub="$ns_blocks" -v usc="$syscalls" 'BEGIN {
          printf "@@SYSCALLS %s ours=%d/%d alerts=%.3f per alert upstream=%d/%d alerts=%.3f per alert\n",
              st, osc, ob, (ob ? osc / ob : 0), usc, ub, (ub ? usc / ub : 0) }' )
    sed -n '/^ *% time/,$p' "ours_$l.strace" | sed "s/^/-- ours_$l strace: /" | head -n 20
    sed -n '/^ *% time/,$p' "upstream_$l.strace" | sed "s/^/-- upstream_$l strace: /" | head -n 20
done
