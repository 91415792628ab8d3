# e2e-title: one-shot --query/--stats print what the REPL's show/stats print (ours and Debian's 1.5.4); --stop clears a monitor left by a kill -9'd client (ours and Debian's)
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
need_dropwatch
UP=/bin/dropwatch-upstream
# A configuration that is not the default, so the comparison shows something.
printf 'set alertmode packet\nset trunc 96\nset queue 3000\nexit\n' | "$DW" -l kas >set.out 2>&1 || { show set.out; fail "could not configure"; }
dropgen udp 9 5 >/dev/null

# reply FILE CMD NEXT: what the REPL printed between "dropwatch> CMD" and "dropwatch> NEXT"
reply() { awk -v a="dropwatch> $2" -v b="dropwatch> $3" '$0 == b { p = 0 } p { print } $0 == a { p = 1 }' "$1"; }
printf 'show\nstats\nexit\n' | "$DW" -l kas >repl.out 2>repl.err
reply repl.out show stats >repl.show; reply repl.out stats exit >repl.stats
"$DW" --query >q.out 2>q.err; qrc=$?
"$DW" --stats >s.out 2>s.err; src=$?
show repl.out "REPL"; show q.out "--query"; show s.out "--stats"
[ "$qrc" = 0 ] && [ "$src" = 0 ] || fail "--query exit $qrc, --stats exit $src"
expect_line q.out '^Truncation length: 96$' "--query does not show the configuration"
expect_line s.out '^Tail dropped: ' "--stats shows no counter"
cmp -s repl.show q.out || fail "--query differs from the REPL's show"
cmp -s repl.stats s.out || fail "--stats differs from the REPL's stats"
[ -s q.err ] || [ -s s.err ] && fail "--query/--stats wrote to stderr"
if [ -x "$UP" ]; then
    printf 'show\nstats\nexit\n' | timeout 20 "$UP" -l kas >up.out 2>up.err
    reply up.out show stats >up.show; reply up.out stats exit >up.stats
    show up.out "Debian's REPL"
    cmp -s up.show q.out || fail "--query differs from Debian's show"
    cmp -s up.stats s.out || fail "--stats differs from Debian's stats"
else
    note "no $UP: Debian's comparison left out (run.sh --upstream)"
fi
nlprobe reset >/dev/null 2>&1

# stuck CLIENT-LABEL BIN: BIN monitors, is killed with SIGKILL, --stop must turn the kernel's monitor off.
stuck() {
    rm -f in; mkfifo in
    "$2" -l kas <in >"$1.out" 2>"$1.err" &
    _pid=$!
    exec 3>in
    echo start >&3
    wait_for "$1.out" 'Kernel monitoring activated' 10 || { kill -KILL $_pid; show "$1.out"; fail "$1: monitoring never started"; }
    kill -KILL $_pid; wait $_pid 2>/dev/null; exec 3>&-
    nlprobe start >probe.txt 2>&1
    [ $? = 3 ] || { show probe.txt; fail "$1: after kill -9 the kernel was not left monitoring (nothing to recover)"; }
    "$DW" --stop >stop.out 2>stop.err; _rc=$?
    show stop.out "$1: --stop"; show stop.err
    [ "$_rc" = 0 ] || fail "$1: --stop exit status $_rc"
    expect_line stop.out '^Got a stop message$' "$1: --stop printed no stop message"
    nlprobe start >probe.txt 2>&1; _prc=$?
    [ "$_prc" = 0 ] || { show probe.txt; fail "$1: fresh START after --stop failed (nlprobe exit $_prc)"; }
    nlprobe stop >/dev/null 2>&1
}
stuck ours "$DW"
if [ -x "$UP" ]; then stuck debian "$UP"; else note "no $UP: Debian's kill -9 case left out"; fi
