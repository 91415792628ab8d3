# e2e-title: one-shot --query/--stats print exactly what the REPL's show/stats print for the same kernel state (ours, and Debian's 1.5.4 when present)
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 90
need_dropwatch
UP=/bin/dropwatch-upstream
# A configuration that is not the default, so the comparison shows something.
printf 'set alertmode packet\nset trunc 96\nset queue 3000\nexit\n' | "$DW" -l null >set.out 2>&1 || { show set.out; fail "could not configure"; }

# reply FILE CMD NEXT: what the REPL printed between "dropwatch> CMD" and "dropwatch> NEXT"
reply() { awk -v a="dropwatch> $2" -v b="dropwatch> $3" '$0 == b { p = 0 } p { print } $0 == a { p = 1 }' "$1"; }
printf 'show\nstats\nexit\n' | "$DW" -l null >repl.out 2>repl.err
reply repl.out show stats >repl.show; reply repl.out stats exit >repl.stats
"$DW" --query >q.out 2>q.err; qrc=$?
"$DW" --stats >s.out 2>s.err; src=$?
show repl.out "REPL"; show q.out "--query"; show s.out "--stats"
[ "$qrc" = 0 ] && [ "$src" = 0 ] || fail "--query exit $qrc, --stats exit $src"
expect_line q.out '^Truncation length: 96$' "--query does not show the configuration"
expect_line s.out '^Tail dropped: ' "--stats shows no counter"
cmp -s repl.show q.out || fail "--query differs from the REPL's show"
cmp -s repl.stats s.out || fail "--stats differs from the REPL's stats"
if [ -s q.err ] || [ -s s.err ]; then show q.err; show s.err; fail "--query/--stats wrote to stderr"; fi
if [ -x "$UP" ]; then
    # Upstream's default lookup method is null: no kallsyms read under TCG.
    printf 'show\nstats\nexit\n' | timeout 20 "$UP" >up.out 2>up.err
    reply up.out show stats >up.show; reply up.out stats exit >up.stats
    show up.out "Debian's REPL"
    cmp -s up.show q.out || fail "--query differs from Debian's show"
    cmp -s up.stats s.out || fail "--stats differs from Debian's stats"
else
    note "no $UP: Debian's comparison left out (run.sh --upstream)"
fi
