# e2e-title: -l sysmap with a System.map resolves the same PCs to the same sym+off as -l kas
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 90
# How our dropwatch selects the System.map resolver; adjust here if the option is renamed.
SYSMAP_ARGS=${SYSMAP_ARGS:-"-l sysmap --sysmap-file $SYSTEM_MAP"}
need_dropwatch
note "System.map: $SYSTEM_MAP ($(cat /boot/System.map.kind 2>/dev/null))"

run_dw() { # run_dw OUTFILE ARGS...
    _o=$1; shift
    ( sleep 1; while ! [ -e gen.stop ]; do dropgen udp 9 20 >/dev/null; dropgen tcp 7 2 >/dev/null; sleep 0.3; done ) &
    _g=$!
    printf 'set alertlimit 6\nstart\nexit\n' | timeout 40 "$DW" "$@" >"$_o" 2>"$_o.err"
    _rc=$?
    touch gen.stop; wait $_g; rm -f gen.stop
    show "$_o"; show "$_o.err"
    [ "$_rc" = 0 ] || fail "dropwatch $* exited $_rc"
}
run_dw kas.txt -l kas
# shellcheck disable=SC2086
run_dw sysmap.txt $SYSMAP_ARGS

# "(0xaddr) sym+off" pairs from each run
pairs() { drop_lines "$1" | sed -E 's/^[0-9]+ drops at ([^ ]+) \((0x[0-9a-f]+)\).*/\2 \1/' | sort -u; }
pairs kas.txt >kas.pairs
pairs sysmap.txt >sysmap.pairs
show kas.pairs; show sysmap.pairs
[ -s sysmap.pairs ] || fail "sysmap run printed no resolved drop lines"
common=0
while read addr sym; do
    other=$(awk -v a="$addr" '$1 == a {print $2; exit}' kas.pairs)
    [ -n "$other" ] || continue
    common=$((common + 1))
    [ "$other" = "$sym" ] || fail "$addr: sysmap says $sym, kas says $other"
done <sysmap.pairs
[ "$common" -ge 1 ] || fail "no address appeared in both runs (cannot compare)"
# and every sysmap answer must agree with /proc/kallsyms directly
while read addr sym; do
    k=$(kallsyms_lookup "$addr")
    ks=${k% *}; kb=${k#* }
    off=$(printf '%x' $(( addr - 0x$kb )))
    [ "$ks+$off" = "$sym" ] || fail "$addr: sysmap says $sym, /proc/kallsyms says $ks+$off"
done <sysmap.pairs
note "$common common address(es) agree"
