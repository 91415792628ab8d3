# e2e-title: one-shot packet mode puts back alert mode, truncation and queue length after --count and after SIGTERM; --keep-config keeps them; upstream-style runs leave packet mode on
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 90
need_dropwatch
query() { # query LABEL: the kernel's configuration as our --query prints it, into LABEL.q
    "$DW" --query >"$1.q" 2>"$1.qerr" || { show "$1.qerr"; fail "$1: --query failed"; }
}
expect_defaults() {
    query "$1"; show "$1.q" "$1: --query"
    expect_line "$1.q" '^Alert mode: Summary$' "$1: alert mode not put back to summary"
    expect_line "$1.q" '^Truncation length: 0$' "$1: truncation not put back to 0"
    expect_line "$1.q" '^Queue length: 1000$' "$1: queue length not put back to 1000"
}
expect_defaults before

# Packet mode at the count, drops flowing.
sigdfl "$DW" -l null --start --mode packet --trunc 128 --queue 2000 --count 5 >pkt.out 2>pkt.err &
pid=$!
i=0
while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 40 ]; do dropgen udp 9 5 >/dev/null; sleep 0.3; i=$((i + 1)); done
wait_exit "$pid" 5 || { kill -KILL "$pid"; show pkt.out; fail "packet --count 5: still running"; }
wait "$pid"; rc=$?
show pkt.err stderr
[ "$rc" = 0 ] || fail "packet --count 5: exit status $rc"
[ "$(count_blocks pkt.out)" = 5 ] || { show pkt.out; fail "packet --count 5: $(count_blocks pkt.out) packet blocks, expected 5"; }
expect_line pkt.out '^length: [0-9]+$' "no packet fields printed"
expect_defaults "after --count"

# Packet mode ended by SIGTERM while monitoring.
sigdfl "$DW" -l null --start --mode packet --trunc 64 --queue 50 >term.out 2>term.err &
pid=$!
wait_monitoring 10 || { kill -KILL "$pid"; show term.err; fail "SIGTERM case: monitoring never started"; }
query during; show during.q "while monitoring"
expect_line during.q '^Alert mode: Packet$' "packet mode not set while monitoring"
expect_line during.q '^Truncation length: 64$' "truncation not set while monitoring"
kill -TERM "$pid"
wait_exit "$pid" 15 || { kill -KILL "$pid"; fail "SIGTERM case: did not exit"; }
wait "$pid"; rc=$?
show term.err stderr
[ "$rc" = 0 ] || fail "SIGTERM case: exit status $rc, expected 0 (a requested end)"
expect_defaults "after SIGTERM"

# --keep-config leaves them.
timeout 30 "$DW" -l null --start --mode packet --trunc 96 --duration 500ms --keep-config >keep.out 2>keep.err; rc=$?
[ "$rc" = 0 ] || { show keep.err; fail "--keep-config: exit status $rc"; }
query keep; show keep.q "after --keep-config"
expect_line keep.q '^Alert mode: Packet$' "--keep-config did not keep packet mode"
expect_line keep.q '^Truncation length: 96$' "--keep-config did not keep the truncation"
