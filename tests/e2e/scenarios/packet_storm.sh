# e2e-title: packet-mode storms: every drop printed or reported lost; none lost at full speed
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 300
# Storm: STORM_N (default 50000) UDP datagrams to a closed port as fast as the generator can
# send. Each is one NO_SOCKET drop, so one packet alert. Asserted for every run:
#   "drop at:" blocks + the "N alerts lost" figure == datagrams sent (exactly), and
#   that figure == what the kernel itself counted (socket drops from /proc/net/netlink +
#   STATS "Tail dropped" growth).
# full:     one dropgen process: nothing lost.
# double:   a faster storm (two dropgen processes with 2+ vCPUs, one sendmmsg process with
#           one): >= 99.9 % of the alerts the kernel sent are printed.
# overflow: losses forced (client SIGSTOPped during the storm, 64 KiB receive buffer,
#           `set queue 10`): they are all reported. Restores `set queue 1000` afterwards.
N=${STORM_N:-50000}
need_dropwatch
cpus=$(grep -c ^processor /proc/cpuinfo)

check() { # check LABEL: the accounting adds up exactly and agrees with the kernel
    . "./$1.res"
    [ "$rc" = 0 ] || { show "$1.err"; fail "$1: exit status $rc"; }
    expect_line "$1.out" 'Got a stop message' "$1: no 'Got a stop message' after SIGINT"
    [ -n "$sent" ] && [ "$sent" -gt 0 ] || { cat "$1.gen"; fail "$1: dropgen sent nothing"; }
    if [ "$blocks" != "$ns_blocks" ]; then
        # which other drops the guest had (with the first drop-at line of each reason)
        grep -E '^(dropwatch> )*drop reason: ' "$1.out" | sed 's/^\(dropwatch> \)*//' | sort | uniq -c | sed "s/^/-- $1 reasons: /"
        fail "$1: $blocks blocks, only $ns_blocks with 'drop reason: NO_SOCKET' (the guest was not quiet)"
    fi
    [ $((ns_blocks + lost)) = "$sent" ] ||
        fail "$1: $ns_blocks blocks + $lost reported lost = $((ns_blocks + lost)), but $sent drops were generated"
    [ "$lost" = $((sockdrops + tail)) ] ||
        fail "$1: reported $lost lost, the kernel counted $sockdrops socket drops + $tail tail drops"
}

storm full "$DW" dropgen udp 9 $N
check full
[ "$lost" = 0 ] || fail "full: $lost of $sent alerts lost at $gen_rate drops/s"
full_rate=$gen_rate

if [ "$cpus" -ge 2 ]; then
    storm double "$DW" dropgen udp 9 $N 0 2
else
    storm double "$DW" dropgen udpmm 9 $N 0 1
fi
check double
note "double: $gen_rate drops/s, $(awk -v a="$gen_rate" -v b="$full_rate" 'BEGIN { printf "%.2f", a / b }') x the full storm's $full_rate/s"
kernel_sent=$((sent - tail))
[ $((ns_blocks * 1000)) -ge $((kernel_sent * 999)) ] ||
    fail "double: printed $ns_blocks of the $kernel_sent alerts the kernel sent (< 99.9 %)"

STORM_ARGS="--receive-buffer 65536" STORM_SET="set queue 10" STORM_UNSET="set queue 1000" STORM_PAUSE=1
storm overflow "$DW" dropgen udp 9 5000
unset STORM_ARGS STORM_SET STORM_UNSET STORM_PAUSE
check overflow
[ "$lost" -gt 0 ] || fail "overflow: nothing lost although the client was stopped during the storm"
expect_line overflow.out "^(dropwatch> )*$lost alerts lost: $sockdrops dropped by the kernel because our receive queue was full" \
    "overflow: the loss line does not name the $sockdrops socket drops"
if [ "$tail" -gt 0 ]; then
    expect_line overflow.out "$tail not queued by the kernel because its per-CPU queue was full" \
        "overflow: the loss line does not name the $tail tail drops"
fi
nlprobe config-get | grep -q 'type=11 len=8 u32=1000$' || fail "queue length not restored to 1000"
for l in full double overflow; do storm_report $l; done
