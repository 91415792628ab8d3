# e2e-title: one-shot --start ends at --count (drops flowing) and at --duration (none), exit 0, records only on stdout, the kernel not monitoring afterwards
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 90
need_dropwatch
# -l null: raw addresses, no kallsyms read (slow under TCG); the records are what is counted here.
REC_RE='^[0-9]+ drops at .*\[software\]$'
not_monitoring() { # not_monitoring WHAT: a fresh START must succeed
    nlprobe start >probe.txt 2>&1; _prc=$?
    [ "$_prc" = 0 ] || { show probe.txt; fail "$1: fresh START failed (nlprobe exit $_prc): the kernel was left monitoring"; }
    nlprobe stop >/dev/null 2>&1
}

# At the count, in summary mode, with drops flowing.
sigdfl "$DW" -l null --start --count 3 >count.out 2>count.err &
pid=$!
i=0
while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 40 ]; do dropgen udp 9 20 >/dev/null; sleep 0.5; i=$((i + 1)); done
wait_exit "$pid" 5 || { kill -KILL "$pid"; show count.out; fail "--count 3: still running after 20 s of drops"; }
wait "$pid"; rc=$?
show count.out stdout; show count.err stderr
[ "$rc" = 0 ] || fail "--count 3: exit status $rc, expected 0"
[ "$(wc -l <count.out)" = 3 ] || fail "--count 3: $(wc -l <count.out) lines on stdout, expected 3"
[ "$(grep -cE "$REC_RE" count.out)" = 3 ] || fail "--count 3: stdout has lines other than drop records"
[ -s count.err ] && fail "--count 3: stderr not empty"
not_monitoring "--count"

# At the duration, with nothing dropped: ends by itself.
t0=$(uptime_s)
timeout 30 "$DW" -l null --start --duration 2s >dur.out 2>dur.err; rc=$?
t1=$(uptime_s)
show dur.out stdout; show dur.err stderr
note "--duration 2s took $(awk "BEGIN { print $t1 - $t0 }") s"
[ "$rc" = 0 ] || fail "--duration 2s: exit status $rc, expected 0"
awk "BEGIN { exit !($t1 - $t0 >= 2) }" || fail "--duration 2s ended before 2 s"
grep -Ev "$REC_RE" dur.out && fail "--duration: stdout has something other than drop records"
not_monitoring "--duration"

# The same in JSON Lines: the stop object says why.
timeout 30 "$DW" -l null --start --duration 500ms --format json >dur.json 2>dur.jerr; rc=$?
show dur.json stdout
[ "$rc" = 0 ] || fail "--duration 500ms --format json: exit status $rc"
tail -n 1 dur.json | grep -q '"type":"stop",.*"cause":"duration","stopped":true' || fail "no stop object with cause duration"
not_monitoring "--duration json"
