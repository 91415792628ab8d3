# Helpers for scenario scripts (sourced by busybox sh in the guest; cwd is a fresh /tmp/NAME).
# A scenario passes by returning/exit 0; `fail "reason"` records the reason and exits 1.
. /e2e/config
DW=${DW:-/bin/dropwatch}
SYSTEM_MAP=${SYSTEM_MAP:-/boot/System.map-$(uname -r)}

fail() { echo "FAIL: $*"; echo "$*" >>/tmp/e2e_reason; exit 1; }
note() { echo "-- $*"; }

# show FILE [LABEL]: dump a captured output file to the console, prefixed
show() { echo "---- ${2:-$1} ----"; sed 's/^/    /' "$1"; echo "---- end ${2:-$1} ----"; }

# expect_line FILE EXTENDED-REGEX DESCRIPTION
expect_line() { grep -Eq -- "$2" "$1" || fail "${3:-missing line matching /$2/ in $1}"; }
# expect_no_line FILE EXTENDED-REGEX DESCRIPTION
expect_no_line() { ! grep -Eq -- "$2" "$1" || fail "${3:-unexpected line matching /$2/ in $1}"; }

# start_monitoring OUT ERR [ARGS...]: runs $DW ARGS in the background, stdin from a fifo held
# open on fd 3 (send more commands with `echo CMD >&3`), types "start" and waits up to 10 s for
# monitoring; sets $pid. Returns non-zero if monitoring was not seen starting.
start_monitoring() {
    _out=$1; _err=$2; shift 2
    mkfifo in
    # sigdfl: a background job of a non-interactive shell starts with SIGINT ignored
    sigdfl "$DW" "$@" <in >"$_out" 2>"$_err" &
    pid=$!
    exec 3>in
    echo start >&3
    wait_for "$_out" 'Kernel monitoring activated' 10
}

need_dropwatch() { [ -x "$DW" ] || fail "$DW not present (run.sh --binary PATH)"; }

# wait_exit PID SECS: wait up to SECS for PID to exit; returns 0 if it exited
wait_exit() {
    _i=0
    while kill -0 "$1" 2>/dev/null; do
        _i=$((_i + 1)); [ "$_i" -gt $(($2 * 10)) ] && return 1
        sleep 0.1
    done
    return 0
}

# wait_for FILE REGEX SECS: wait until FILE has a line matching REGEX
wait_for() {
    _i=0
    while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
        _i=$((_i + 1)); [ "$_i" -gt $(($3 * 10)) ] && return 1
        sleep 0.1
    done
    return 0
}

# The "drops at SYM+OFF (0xADDR) [software]" lines of a dropwatch output file.
DROP_RE='^[0-9]+ drops at [A-Za-z0-9_.]+\+[0-9a-f]+ \(0x[0-9a-f]+\) \[software\]$'
drop_lines() { sed 's/^dropwatch> //' "$1" | grep -E "$DROP_RE"; }

# kallsyms_lookup 0xADDR: print "symbol+hexoffset" of the closest symbol <= ADDR using
# /proc/kallsyms (16-digit hex addresses compare correctly as strings).
kallsyms_lookup() {
    _a=$(printf '%016x' "$1" 2>/dev/null) || _a=$(echo "$1" | sed 's/^0x//')
    awk -v a="$_a" '$1 <= a && $1 > best { best = $1; sym = $3 }
        END { if (sym != "") print sym " " best }' /proc/kallsyms
}

# ---- packet-mode storms (packet_storm, storm_compare) ---------------------------------------
uptime_s() { cut -d' ' -f1 /proc/uptime; }
# True while the kernel is tracing drops: drop_monitor holds a reference on itself then, so
# its use count in /proc/modules is > 0. Works for clients whose stdout is block-buffered.
dm_monitoring() { [ "$(awk '$1 == "drop_monitor" {print $3}' /proc/modules)" -gt 0 ] 2>/dev/null; }
wait_monitoring() { # wait_monitoring SECS
    _i=0
    while ! dm_monitoring; do
        _i=$((_i + 1)); [ "$_i" -gt $(($1 * 10)) ] && return 1
        sleep 0.1
    done
}
# The kernel's cumulative software "Tail dropped" (STATS_GET; first u64 of the reply).
sw_tail_dropped() { nlprobe stats-get | sed -n 's/.* u64=\([0-9]*\) .*/\1/p' | head -n1; }
# Sum of the Drops column of /proc/net/netlink over NETLINK_GENERIC (16) sockets that are in
# multicast group 1 (NET_DM "events"): what the kernel dropped because their queue was full.
nl_events_drops() {
    awk 'NR > 1 && $2 == 16 && $4 != "00000000" { s += $9 } END { print s + 0 }' /proc/net/netlink
}
# utime + stime of a process in clock ticks (USER_HZ = 100)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# CPU time of each live thread of a process in ns ("TID NS" lines; the first field of a task's
# schedstat): a tick is 10 ms, too coarse for a summary-mode storm that costs a few ticks in all.
# A storm's cpu_us sums each thread's increase (a thread that ended meanwhile is not in it).
threads_ns() { for _t in /proc/$1/task/*; do echo "${_t##*/} $(cut -d' ' -f1 "$_t/schedstat" 2>/dev/null) $(tr ' ' _ <"$_t/comm" 2>/dev/null)"; done; }
# threads_us_report NS0 NS1: "comm=µs" per thread that used any CPU between the two readings
threads_us_report() { awk 'NR == FNR { a[$1] = $2; next } $2 != "" { d = ($2 - ($1 in a ? a[$1] : 0)) / 1000; if (d >= 1) printf "%s=%.0f ", $3, d }' "$1" "$2"; }
threads_us_delta() { awk 'NR == FNR { a[$1] = $2; next } $2 != "" { s += $2 - ($1 in a ? a[$1] : 0) } END { printf "%.0f", s / 1000 }' "$1" "$2"; }
# voluntary context switches of all threads (times they blocked: wake-ups), write(2) calls
wakeups() { cat /proc/$1/task/*/status | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }'; }
writes() { awk '/^syscw/ { print $2 }' "/proc/$1/io"; }
# wait_quiet FILE QUIET MAX: wait until FILE has not grown for QUIET seconds (at most MAX);
# prints the uptime at which it last grew.
wait_quiet() {
    _last=$(uptime_s); _size=-1; _t=0
    while :; do
        _now=$(wc -c <"$1")
        if [ "$_now" != "$_size" ]; then _size=$_now; _last=$(uptime_s)
        elif awk -v a="$_last" -v b="$(uptime_s)" -v q="$2" 'BEGIN { exit !(b - a >= q) }'; then break
        fi
        _t=$((_t + 1)); [ "$_t" -gt $(($3 * 5)) ] && break
        sleep 0.2
    done
    echo "$_last"
}
# count_blocks FILE [ERE]: packet-mode blocks in FILE (their "drop at: " lines), or with an ERE
# the lines matching it (e.g. '^drop reason: NO_SOCKET$': one per block). grep, not awk: under
# TCG busybox awk needs minutes for the 10 MB a 50,000-alert storm prints.
count_blocks() { grep -c -E -- "${2:-^(dropwatch> )*drop at: }" "$1"; }
# storm LABEL DROPWATCH GENERATOR...: one packet-mode session of DROPWATCH (a path, e.g. $DW
# or /bin/dropwatch-upstream) while GENERATOR runs; waits until the output stops growing,
# then SIGINT, `set alertmode summary`, exit. Writes LABEL.out/.err/.gen and LABEL.res with
# shell variables: sent gen_rate blocks ns_blocks lost enobufs tail sockdrops cpu_ticks wakeups
# writes secs rc.
# Optional: STORM_ARGS (command-line arguments), STORM_SET (REPL lines before `start`, e.g.
# "set queue 10"; STORM_UNSET the lines after the stop that undo them), STORM_PAUSE=1
# (SIGSTOP the client for the whole storm, SIGCONT once the kernel has sent everything),
# STORM_SUMMARY=1 (summary mode: delivered = the sum of the "N drops at" lines, every location).
# LABEL.res also has hwm_kb: the client's peak RSS (VmHWM) at the end of the storm.
# STORM_JSON=1: the client writes JSON Lines (ours with --format json): records are counted as
# '"type":"packet"' lines of LABEL.out and the REPL's lines are read from LABEL.err.
# STORM_LATENCY=1: once the storm's output has stopped growing, one more drop is sent alone and
# the time until the output file grows is recorded as lone_ms (-1: not written within 3 s; the
# figure includes starting dropgen and the polling, so it is an upper bound).
# STORM_STRACE=1: strace -c -f is attached for the storm only (after monitoring started); the
# syscalls it counted are syscalls=. Its overhead makes cpu_ticks of such a run meaningless.
storm() {
    _l=$1 _dw=$2; shift 2
    rm -f "$_l.in"; mkfifo "$_l.in"
    _tail0=$(sw_tail_dropped)
    # shellcheck disable=SC2086
    sigdfl "$_dw" ${STORM_ARGS:-} <"$_l.in" >"$_l.out" 2>"$_l.err" &
    _pid=$!
    exec 3>"$_l.in"
    _mode=packet; [ "${STORM_SUMMARY:-0}" = 1 ] && _mode=summary
    { echo "set alertmode $_mode"; [ -z "${STORM_SET:-}" ] || echo "$STORM_SET"; echo start; } >&3
    if ! wait_monitoring 30; then
        kill -KILL $_pid; exec 3>&-; show "$_l.out"; show "$_l.err"
        fail "$_l: the kernel did not start monitoring within 30 s"
    fi
    _sd0=$(nl_events_drops)
    _con="$_l.out"; [ "${STORM_JSON:-0}" = 1 ] && _con="$_l.err"
    _spid=
    if [ "${STORM_STRACE:-0}" = 1 ]; then
        strace -f -c -o "$_l.strace" -p $_pid 2>"$_l.strace.err" &
        _spid=$!
        sleep 2   # attached to every thread before the storm
    fi
    _c0=$(cpu_ticks $_pid); threads_ns $_pid >"$_l.ns0"; _v0=$(wakeups $_pid); _w0=$(writes $_pid); _t0=$(uptime_s)
    [ "${STORM_PAUSE:-0}" = 1 ] && kill -STOP $_pid
    "$@" >"$_l.gen" 2>&1
    if [ "${STORM_PAUSE:-0}" = 1 ]; then
        sleep 2      # the kernel's work items send what is queued
        kill -CONT $_pid
    fi
    _tq=$(wait_quiet "$_l.out" 2 180)
    _c1=$(cpu_ticks $_pid); threads_ns $_pid >"$_l.ns1"; _v1=$(wakeups $_pid); _w1=$(writes $_pid)
    if [ -n "$_spid" ]; then kill -INT $_spid; wait $_spid; fi
    _lone=
    if [ "${STORM_LATENCY:-0}" = 1 ]; then
        _s0=$(wc -c <"$_l.out"); _u0=$(uptime_s)
        dropgen udp 9 1 >/dev/null 2>&1
        _lone=-1
        while awk -v a="$_u0" -v b="$(uptime_s)" 'BEGIN { exit !(b - a < 3) }'; do
            if [ "$(wc -c <"$_l.out")" != "$_s0" ]; then
                _lone=$(awk -v a="$_u0" -v b="$(uptime_s)" 'BEGIN { printf "%d", (b - a) * 1000 }'); break
            fi
            usleep 10000
        done
    fi
    _sd1=$(nl_events_drops)
    _hwm=$(awk '$1 == "VmHWM:" { print $2 }' /proc/$_pid/status)
    kill -INT $_pid
    wait_for "$_con" 'Got a stop message' 20 || note "$_l: no 'Got a stop message' yet"
    { [ -z "${STORM_UNSET:-}" ] || echo "$STORM_UNSET"; echo 'set alertmode summary'; echo exit; } >&3
    exec 3>&-
    if ! wait_exit $_pid 30; then kill -KILL $_pid; note "$_l: killed, did not exit"; fi
    wait $_pid; _rc=$?
    _tail1=$(sw_tail_dropped)
    cat "$_l.gen"
    {
        _sent=$(sed -n 's/^dropgen: sent \([0-9]*\) .*/\1/p' "$_l.gen" | head -n1)
        [ -n "$_lone" ] && _sent=$((_sent + 1))   # the lone drop of STORM_LATENCY
        echo "sent=$_sent"
        echo "gen_rate=$(sed -n 's/.* (\([0-9]*\)\/s).*/\1/p' "$_l.gen" | head -n1)"
        if [ "${STORM_SUMMARY:-0}" = 1 ]; then
            _sum=$(sed -n 's/^\(dropwatch> \)*\([0-9][0-9]*\) drops at .*/\2/p' "$_l.out" | awk '{ s += $1 } END { print s + 0 }')
            echo "blocks=$_sum"; echo "ns_blocks=$_sum"
        elif [ "${STORM_JSON:-0}" = 1 ]; then
            echo "blocks=$(count_blocks "$_l.out" '^\{"type":"packet"')"
            echo "ns_blocks=$(count_blocks "$_l.out" '^\{"type":"packet".*"reason":"NO_SOCKET"')"
        else
            echo "blocks=$(count_blocks "$_l.out")"
            echo "ns_blocks=$(count_blocks "$_l.out" '^drop reason: NO_SOCKET$')"
        fi
        echo "lost=$(grep -E '^(dropwatch> )*[0-9]+ alerts lost: ' "$_con" | sed 's/^\(dropwatch> \)*\([0-9]*\) .*/\2/' | tail -n1)"
        echo "lone_ms=${_lone:--1}"
        echo "syscalls=$([ -s "$_l.strace" ] && awk '$NF == "total" { print $4 }' "$_l.strace")"
        echo "enobufs=$(grep -c 'No buffer space available' "$_l.err")"
        echo "tail=$((_tail1 - _tail0))"
        echo "sockdrops=$((_sd1 - _sd0))"
        echo "cpu_ticks=$((_c1 - _c0))"
        echo "cpu_us=$(threads_us_delta "$_l.ns0" "$_l.ns1")"
        echo "wakeups=$((_v1 - _v0))"
        echo "writes=$((_w1 - _w0))"
        echo "secs=$(awk -v a="$_t0" -v b="$_tq" 'BEGIN { printf "%.2f", b - a }')"
        echo "hwm_kb=${_hwm:-0}"
        echo "rc=$_rc"
    } >"$_l.res"
    sed -i 's/^lost=$/lost=0/' "$_l.res"
    sed -i 's/^syscalls=$/syscalls=0/' "$_l.res"
    note "$_l: $(tr '\n' ' ' <"$_l.res")"
    note "$_l: CPU by thread (µs): $(threads_us_report "$_l.ns0" "$_l.ns1")"
    grep -m3 'alerts lost' "$_con" | sed "s/^/-- $_l: /"
}
# storm_report LABEL: one line of figures from LABEL.res
storm_report() {
    ( . "./$1.res"
      awk -v l="$1" -v s="$sent" -v r="$gen_rate" -v b="$ns_blocks" -v lost="$lost" -v e="$enobufs" \
          -v t="$tail" -v sd="$sockdrops" -v c="$cpu_ticks" -v secs="$secs" -v wk="$wakeups" -v wr="$writes" \
          -v lone="${lone_ms:--1}" -v sc="${syscalls:-0}" -v hwm="${hwm_kb:-0}" -v us="${cpu_us:-0}" 'BEGIN {
          printf "@@STORM %s generated=%d gen_rate=%d delivered=%d pct=%.2f reported_lost=%d enobufs=%d kernel_tail=%d kernel_sockdrops=%d alerts_per_s=%.0f cpu_s=%.2f cpu_s_per_10k=%.3f ticks_per_1k=%.2f cpu_us=%d us_per_1k=%.1f wakeups=%d writes=%d lone_ms=%d syscalls=%d syscalls_per_alert=%.3f peak_rss_kb=%d\n",
              l, s, r, b, (s ? 100 * b / s : 0), lost, e, t, sd, (secs > 0 ? b / secs : 0), c / 100, (b ? c / 100 * 10000 / b : 0),
              (b ? c * 1000 / b : 0), us, (b ? us * 1000 / b : 0), wk, wr, lone, sc, (b ? sc / b : 0), hwm }' )
}

# skip "reason": the scenario does not apply here (reported as SKIP, not counted as a failure)
skip() { echo "SKIP: $*"; echo "$*" >>/tmp/e2e_reason; exit 77; }

# ---- hardware drops through netdevsim (scenarios with "# e2e-kernel: netdevsim") --------------
# /init has insmod-ed psample and netdevsim. netdevsim reports, every 100 ms, one generated UDP
# packet (142 bytes) per running port for every trap whose action is not "drop"; drop_monitor
# ignores "control" traps. Defaults: fid_miss (l2_drops) and ttl_value_is_too_small
# (l3_exceptions) always trap; drop traps (blackhole_route, ingress_flow_action_drop, ...) need
# `devlink trap set ... action trap`. Within one 100-ms tick the traps are reported in the
# driver's array order, under a spinlock (atomic on the 1-vCPU guest).
NSIM_ID=10
NSIM_DEV=netdevsim/netdevsim$NSIM_ID
# nsim_up: one device with one port, IPv6 off on it (no router solicitations through the port
# as stray software drops), port up. Sets NSIM_IF (netdev name) and NSIM_IFINDEX.
nsim_up() {
    [ -e /sys/bus/netdevsim/new_device ] || fail "no /sys/bus/netdevsim (netdevsim.ko not loaded)"
    echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6 2>/dev/null
    [ -e /sys/bus/netdevsim/devices/netdevsim$NSIM_ID ] ||
        echo "$NSIM_ID 1" >/sys/bus/netdevsim/new_device || fail "cannot create netdevsim device $NSIM_ID"
    _i=0
    while ! NSIM_IF=$(ls /sys/bus/netdevsim/devices/netdevsim$NSIM_ID/net/ 2>/dev/null | head -n1) || [ -z "$NSIM_IF" ]; do
        _i=$((_i + 1)); [ "$_i" -gt 50 ] && fail "netdevsim$NSIM_ID has no netdev after 5 s"
        sleep 0.1
    done
    ip link set "$NSIM_IF" up || fail "ip link set $NSIM_IF up failed"
    NSIM_IFINDEX=$(cat /sys/class/net/$NSIM_IF/ifindex)
    note "netdevsim port $NSIM_IF ifindex $NSIM_IFINDEX up"
}
# nsim_trap ACTION TRAP...: devlink trap set ... action ACTION (trap | drop)
nsim_trap() {
    _a=$1; shift
    for _t in "$@"; do
        devlink trap set "$NSIM_DEV" trap "$_t" action "$_a" 2>&1 || fail "devlink trap set $_t action $_a failed"
    done
}
nsim_cookie() { # nsim_cookie HEX: flow-action cookie netdevsim attaches to the flow-action traps
    echo "$1" >/sys/kernel/debug/netdevsim/netdevsim$NSIM_ID/trap_flow_action_cookie ||
        fail "cannot write trap_flow_action_cookie (debugfs)"
}
nsim_down() { [ -e /sys/bus/netdevsim/devices/netdevsim$NSIM_ID ] && echo "$NSIM_ID" >/sys/bus/netdevsim/del_device; }
# The kernel's cumulative hardware "Tail dropped" (second u64 of STATS_GET).
hw_tail_dropped() { nlprobe stats-get | sed -n 's/.* u64=\([0-9]*\) .*/\1/p' | sed -n 2p; }

# hw_norm FILE: FILE with what legitimately differs between two runs removed: packet-mode
# timestamps, summary counts (how many 100-ms ticks one kernel batch spans), the
# "Waiting for ... ack" lines upstream prints only when an alert overtakes an ack.
hw_norm() {
    sed -E -e 's/^(dropwatch> )*timestamp: .* [0-9]{9} nsec$/\1timestamp: T/' \
           -e 's/^(dropwatch> )*[0-9]+ drops at /\1N drops at /' \
           -e '/^(dropwatch> )*Waiting for (activation|deactivation) ack\.*$/d' "$1"
}
# hw_session LABEL BINARY INPUT: run BINARY -l kas with INPUT (printf format) on stdin, 40 s
# at most; LABEL.out / LABEL.err / LABEL.rc
hw_session() {
    printf "$3" | timeout 40 "$2" -l kas >"$1.out" 2>"$1.err"
    echo $? >"$1.rc"
}
# hw_compare: up.out and dw.out equal after hw_norm, same exit status; prints a diff if not
hw_compare() {
    hw_norm up.out >up.norm; hw_norm dw.out >dw.norm
    show up.out "upstream stdout"; show dw.out "our stdout"
    [ -s up.err ] && show up.err "upstream stderr"
    [ -s dw.err ] && show dw.err "our stderr"
    if ! cmp -s up.norm dw.norm; then
        diff -u up.norm dw.norm | sed 's/^/    /'
        fail "${1:-output} differs from upstream 1.5.4 (modulo timestamps and counts)"
    fi
    [ "$(cat up.rc)" = "$(cat dw.rc)" ] || fail "exit status: upstream $(cat up.rc), ours $(cat dw.rc)"
}
