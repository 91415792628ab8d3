# e2e-title: stdout closed from the start (>&-) or full (/dev/full): one clear message on stderr, exit 74, kernel not monitoring
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
need_dropwatch
dropgen udp 9 100000 200 >gen.txt 2>&1 &
gen=$!
trap 'kill "$gen" 2>/dev/null' EXIT   # the generator must not outlive this scenario, however it ends
printf 'start\n' | timeout 20 "$DW" -l kas >&- 2>closed.err; rc=$?
show closed.err "stderr (>&-)"
[ "$rc" = 74 ] || fail ">&-: exit status $rc, expected 74"
[ "$(wc -l <closed.err)" = 1 ] || fail ">&-: expected one line on stderr"
expect_line closed.err '^dropwatch: standard output is closed; nothing to print to' ">&-: no 'standard output is closed' message"
printf 'start\n' | timeout 20 "$DW" -l kas >/dev/full 2>full.err; rc=$?
show full.err "stderr (/dev/full)"
[ "$rc" = 74 ] || fail "/dev/full: exit status $rc, expected 74"
expect_line full.err '^dropwatch: cannot write to standard output: No space left on device$' "/dev/full: no ENOSPC message"
kill "$gen" 2>/dev/null; wait "$gen" 2>/dev/null
dm_monitoring && { nlprobe stop >/dev/null 2>&1; fail "the kernel was left monitoring"; }
nlprobe start >probe.txt 2>&1; prc=$?
[ "$prc" = 0 ] || { show probe.txt; fail "a fresh START failed (nlprobe exit $prc)"; }
nlprobe stop >/dev/null 2>&1
true
