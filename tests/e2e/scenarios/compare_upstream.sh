# e2e-title: side by side with Debian's dropwatch 1.5.4: same stdout and exit status for scripted sessions
# e2e-requires: dropwatch upstream
# e2e-module: load
# e2e-timeout: 120
# Timing-independent sessions only (no monitoring). stderr is shown but not compared.
need_dropwatch
UP=/bin/dropwatch-upstream
[ -x "$UP" ] || fail "$UP missing (run.sh --upstream)"
bad=0
case_n=0
# compare "STDIN" ARGS...: same stdout, same exit status. After `expect_ours N`, the next call
# expects our status to be N instead (a documented difference: README "Differences" item 3).
OURS_STATUS=
expect_ours() { OURS_STATUS=$1; }
compare() {
    case_n=$((case_n + 1))
    _in=$1; shift
    printf "$_in" | timeout 20 "$UP" "$@" >up.$case_n.out 2>up.$case_n.err; _ru=$?
    printf "$_in" | timeout 20 "$DW" "$@" >dw.$case_n.out 2>dw.$case_n.err; _rd=$?
    _want=${OURS_STATUS:-$_ru}; OURS_STATUS=
    if [ "$_want" != "$_rd" ] || ! cmp -s up.$case_n.out dw.$case_n.out; then
        bad=$((bad + 1))
        echo "== case $case_n: args [$*] stdin [$_in]: exit upstream $_ru, ours $_rd"
        diff -u up.$case_n.out dw.$case_n.out | sed 's/^/    /'
        echo "   stderr upstream: $(cat up.$case_n.err)"
        echo "   stderr ours:     $(cat dw.$case_n.err)"
        echo "$case_n" >>bad.cases
    else
        echo "== case $case_n: args [$*]: identical stdout (exit upstream $_ru, ours $_rd)"
    fi
}
# (-l list is not compared: our dropwatch lists extra methods on purpose)
compare '' -l foo
compare 'help\nexit\n' -l kas
# Without -l we default to kallsyms when it shows real addresses (upstream: null method), so the
# banner differs on purpose; the sessions below name -l kas to compare everything else.
compare 'help\n' -l kas
compare 'set alertlimit 5\nshow\nstats\nexit\n' -l kas
# Rejected commands: upstream exits 0, ours 1 with the first one named on stderr; stdout identical.
expect_ours 1; compare 'bogus\n\nset foo\nexit\n' -l kas
compare 'set alertmode packet\nset trunc 64\nset queue 10\nshow\nset alertmode summary\nset trunc 0\nset queue 1000\nshow\nexit\n' -l kas
[ "$bad" = 0 ] || fail "$bad of $case_n sessions differ from upstream (cases $(tr '\n' ' ' <bad.cases))"
