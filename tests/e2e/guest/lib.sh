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
