# e2e-title: exporter: counts generated drops exactly (busybox wget /metrics), keeps counting beside an interactive dropwatch (start gets the hint; its stop is undone), SIGTERM exits 0 with the kernel not monitoring
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 120
need_dropwatch
URL=http://127.0.0.1:9700/metrics
UDP='dropwatch_drops_total{origin="software",location="__udp4_lib_rcv",reason="NO_SOCKET"}'
# scrape NAME{LABELS}: the sample's value (0 when absent); the page is kept in page.txt
scrape() { wget -q -O page.txt "$URL" 2>/dev/null || return 1; grep -F "$1 " page.txt | awk '{s += $NF} END {print s + 0}'; }
wait_value() { # wait_value SAMPLE VALUE SECS
    _i=0
    while [ "$(scrape "$1")" != "$2" ]; do
        _i=$((_i + 1)); [ "$_i" -gt $(($3 * 4)) ] && return 1
        sleep 0.25
    done
}

sigdfl "$DW" --metrics-listen 127.0.0.1:9700 -l kas </dev/null >out.txt 2>err.txt &
pid=$!
wait_for err.txt 'monitoring drops with NET_DM \(packet mode\)' 60 || { show err.txt; fail "the exporter did not start monitoring"; }
dm_monitoring || fail "the kernel is not monitoring"
expect_line err.txt 'serving metrics at http://127.0.0.1:9700/metrics' "no 'serving metrics' line"

dropgen udp 9 200 >/dev/null
wait_value "$UDP" 200 30 || { show page.txt; fail "counted $(scrape "$UDP") drops at __udp4_lib_rcv, sent 200"; }
expect_line page.txt '^dropwatch_monitoring 1$' "dropwatch_monitoring is not 1"
expect_line page.txt '^dropwatch_source_info\{source="NET_DM"\} 1$' "no source_info for NET_DM"

# An interactive user beside it: START is refused with the hint; their 'stop' turns the kernel's
# monitoring off, and the exporter must turn it on again and go on counting.
printf 'start\nstop\nexit\n' | timeout 60 "$DW" -l kas >i.txt 2>i.err
show i.txt interactive-stdout; show i.err interactive-stderr
expect_line i.txt '^Failed activation request, error: Resource temporarily unavailable$' "the interactive start was not refused"
expect_line i.err 'another client' "no 'already monitoring' hint for the interactive start"
wait_for err.txt 'another client turned the kernel.s monitoring off' 30 || { show err.txt; fail "the exporter did not notice the interactive stop"; }
wait_monitoring 10 || fail "the kernel was not monitoring again after the interactive stop"
dropgen udp 9 300 >/dev/null
wait_value "$UDP" 500 30 || { show page.txt; fail "counted $(scrape "$UDP") drops after the interactive session, expected 500"; }
expect_line page.txt '^dropwatch_monitor_restarts_total 1$' "restarts_total is not 1"

kill -TERM $pid
wait_exit $pid 15 || { kill -KILL $pid; show err.txt; fail "the exporter did not exit after SIGTERM"; }
wait $pid; rc=$?
show err.txt exporter-stderr
[ "$rc" = 0 ] || fail "exit status $rc after SIGTERM, expected 0"
expect_line err.txt 'stopped monitoring' "no 'stopped monitoring' line"
[ -s out.txt ] && { show out.txt; fail "the exporter wrote to stdout"; }
nlprobe start >probe.txt 2>&1 || { show probe.txt; fail "the kernel was left monitoring"; }
nlprobe stop >/dev/null 2>&1
# The alert mode it found (summary, the module's default) is put back.
nlprobe config-get >cfg.txt 2>&1
grep -q 'type=1 len=5 u8=0$' cfg.txt || { show cfg.txt config; fail "the alert mode was not put back to summary"; }
