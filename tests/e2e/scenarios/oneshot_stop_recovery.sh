# e2e-title: one-shot --stop turns off a monitor left on by a kill -9'd client (ours, and Debian's 1.5.4 when present); a fresh START then succeeds
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 90
need_dropwatch
UP=/bin/dropwatch-upstream
# stuck LABEL BIN ARGS...: BIN monitors, is killed with SIGKILL (no chance to STOP); --stop must turn the kernel's monitor off.
stuck() {
    _l=$1; shift
    rm -f in; mkfifo in
    "$@" <in >"$_l.out" 2>"$_l.err" &
    _pid=$!
    exec 3>in
    echo start >&3
    wait_monitoring 15 || { kill -KILL $_pid; show "$_l.out"; fail "$_l: the kernel never started monitoring"; }
    kill -KILL $_pid; wait $_pid 2>/dev/null; exec 3>&-
    nlprobe start >probe.txt 2>&1; _prc=$?
    [ "$_prc" = 3 ] || { show probe.txt; fail "$_l: after kill -9 the kernel was not left monitoring (nlprobe exit $_prc; nothing to recover)"; }
    "$DW" --stop >stop.out 2>stop.err; _rc=$?
    show stop.out "$_l: --stop"; show stop.err
    [ "$_rc" = 0 ] || fail "$_l: --stop exit status $_rc"
    expect_line stop.out '^Got a stop message$' "$_l: --stop printed no stop message"
    nlprobe start >probe.txt 2>&1; _prc=$?
    [ "$_prc" = 0 ] || { show probe.txt; fail "$_l: fresh START after --stop failed (nlprobe exit $_prc)"; }
    nlprobe stop >/dev/null 2>&1
}
stuck ours "$DW" -l null
if [ -x "$UP" ]; then stuck debian "$UP"; else note "no $UP: Debian's kill -9 case left out (run.sh --upstream)"; fi
