#!/usr/bin/env bash
# Real-kernel end-to-end tests: boots the Debian kernel (with drop_monitor.ko) under qemu
# and runs scenario scripts inside it, all in one boot.
#
#   tests/e2e/run.sh [options] [SCENARIO...]
#
# Options:
#   --binary PATH            published dropwatch executable -> /bin/dropwatch in the guest
#   --upstream               also put Debian's dropwatch as /bin/dropwatch-upstream (setup.sh
#                            --with-upstream installs it)
#   --capture-fixtures DIR   write @@FIXTURE/@@FILE blocks printed by the guest into DIR
#   --list                   list scenarios and their requirements, then exit
#   --verbose                echo the guest console while it runs
#   --keep                   keep the work directory (initramfs, console log)
#   --timeout SECS           whole-VM timeout (default: 60 + sum of scenario timeouts)
#   --env NAME=VALUE         export NAME=VALUE to every scenario (e.g. SYSMAP_ARGS=...)
#   --kernel LABEL           boot the kernel setup.sh prepared as LABEL (6.1, 6.12: its
#                            $CACHE/kernel-LABEL.env); default: the first one (kernel.env)
#
# Without SCENARIO arguments every scenario whose requirements are met runs: scenarios marked
# "e2e-requires: dropwatch" need --binary, "upstream" needs --upstream, "dbg-sysmap" needs
# setup.sh --with-dbg-sysmap, "opt-in" runs only when named. Naming a scenario without its
# requirement is an error.
# Scenarios may declare kernel features ("# e2e-kernel: netdevsim kfree_skb:rx_sk ..."); the
# guest skips them with the reason when the booted kernel lacks one (SKIP, not a failure).
# Exit status: 0 if all selected scenarios passed (or were skipped); 1 if any failed or the VM did not deliver a
# result for every scenario; 2 if the VM could not be built or started; 64 on usage errors.
#
# Environment: DROPWATCH_E2E_CACHE (see setup.sh), DROPWATCH_E2E_ACCEL (default tcg),
# DROPWATCH_E2E_MEM (default 1024M), DROPWATCH_E2E_SMP (default 1), DROPWATCH_E2E_CPU (qemu -cpu, default max), DROPWATCH_E2E_SYSMAP=derived
# (use a System.map derived from the guest's kallsyms even if setup.sh cached the real one).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${DROPWATCH_E2E_CACHE:-/var/cache/dropwatch-e2e}
ACCEL=${DROPWATCH_E2E_ACCEL:-tcg}
MEM=${DROPWATCH_E2E_MEM:-1024M}
SMP=${DROPWATCH_E2E_SMP:-1}
CPU_MODEL=${DROPWATCH_E2E_CPU:-max}

BINARY=""
UPSTREAM=0
FIXDIR=""
VERBOSE=0
KEEP=0
VM_TIMEOUT=""
KERNEL_LABEL=${DROPWATCH_E2E_KERNEL:-}
LIST=0
SELECTED=()
GUEST_ENV=()

die() { echo "run.sh: $*" >&2; exit 2; }
usage_err() { echo "run.sh: $*" >&2; exit 64; }

while [ $# -gt 0 ]; do
    case "$1" in
        --binary) [ $# -ge 2 ] || usage_err "--binary needs a path"; BINARY=$2; shift 2 ;;
        --binary=*) BINARY=${1#*=}; shift ;;
        --upstream) UPSTREAM=1; shift ;;
        --capture-fixtures) [ $# -ge 2 ] || usage_err "--capture-fixtures needs a dir"; FIXDIR=$2; shift 2 ;;
        --verbose|-v) VERBOSE=1; shift ;;
        --keep) KEEP=1; shift ;;
        --list) LIST=1; shift ;;
        --timeout) VM_TIMEOUT=$2; shift 2 ;;
        --kernel) [ $# -ge 2 ] || usage_err "--kernel needs a label (6.1, 6.12)"; KERNEL_LABEL=$2; shift 2 ;;
        --kernel=*) KERNEL_LABEL=${1#*=}; shift ;;
        --env) [ $# -ge 2 ] && [[ "$2" == [A-Za-z_]*=* ]] || usage_err "--env needs NAME=VALUE"
               GUEST_ENV+=("$2"); shift 2 ;;
        -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
        -*) usage_err "unknown option $1" ;;
        *) SELECTED+=("${1%.sh}"); shift ;;
    esac
done

KENV="$CACHE/kernel.env"
[ -n "$KERNEL_LABEL" ] && KENV="$CACHE/kernel-$KERNEL_LABEL.env"

# ---- scenarios -----------------------------------------------------------------------------
meta() { # meta FILE KEY DEFAULT
    local v
    v=$(sed -n "s/^# e2e-$2: *//p" "$1" | head -n1)
    echo "${v:-$3}"
}
ALL=()
for f in "$HERE"/scenarios/*.sh; do ALL+=("$(basename "$f" .sh)"); done

if [ "$LIST" = 1 ]; then
    for s in "${ALL[@]}"; do
        f="$HERE/scenarios/$s.sh"
        printf '%-22s requires=%-18s module=%-5s timeout=%-4s kernel=%-10s %s\n' "$s" \
            "$(meta "$f" requires none)" "$(meta "$f" module load)" "$(meta "$f" timeout 60)s" \
            "$(meta "$f" kernel -)" "$(meta "$f" title '')"
    done
    exit 0
fi

if [ -n "$BINARY" ]; then
    [ -f "$BINARY" ] && [ -x "$BINARY" ] || usage_err "--binary $BINARY is not an executable file"
    BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
fi

# missing_req SCENARIO: print the first unmet requirement and succeed, or fail if all are met.
# "e2e-requires:" lists space-separated words: none, dropwatch, upstream, dbg-sysmap, jq, opt-in
# (runs only when named on the command line, e.g. slow measurements).
missing_req() {
    local r
    for r in $(meta "$HERE/scenarios/$1.sh" requires none); do
        case "$r" in
            dropwatch) [ -n "$BINARY" ] || { echo "--binary"; return 0; } ;;
            upstream) [ "$UPSTREAM" = 1 ] || { echo "--upstream"; return 0; } ;;
            dbg-sysmap) grep -qs '^SYSMAP_KIND=dbg' "$KENV" ||
                { echo "setup.sh --with-dbg-sysmap"; return 0; } ;;
            opt-in) [ "${EXPLICIT:-0}" = 1 ] || { echo "to be named"; return 0; } ;;
            jq) command -v jq >/dev/null || { echo "jq on the host (setup.sh installs it)"; return 0; } ;;
        esac
    done
    return 1
}
NOT_SELECTED=()
if [ ${#SELECTED[@]} -eq 0 ]; then
    for s in "${ALL[@]}"; do
        if missing_req "$s" >/dev/null; then NOT_SELECTED+=("$s"); else SELECTED+=("$s"); fi
    done
else
    EXPLICIT=1
    for s in "${SELECTED[@]}"; do
        f="$HERE/scenarios/$s.sh"
        [ -f "$f" ] || usage_err "no such scenario: $s (see --list)"
        m=$(missing_req "$s") && usage_err "scenario $s needs $m"
    done
fi
[ ${#SELECTED[@]} -gt 0 ] || usage_err "no scenario selected"

# Scenarios that need the module absent run first: the guest has no modprobe, so the
# module is only loaded (insmod) when the first scenario that needs it starts.
ORDERED=()
for pass in none load; do
    for s in "${SELECTED[@]}"; do
        [ "$(meta "$HERE/scenarios/$s.sh" module load)" = "$pass" ] && ORDERED+=("$s")
    done
done

TOTAL_T=60
for s in "${ORDERED[@]}"; do TOTAL_T=$((TOTAL_T + $(meta "$HERE/scenarios/$s.sh" timeout 60) + 5)); done
VM_TIMEOUT=${VM_TIMEOUT:-$TOTAL_T}

# ---- kernel and tools ----------------------------------------------------------------------
[ -f "$KENV" ] || die "no kernel ${KERNEL_LABEL:+$KERNEL_LABEL }in $CACHE; run tests/e2e/setup.sh${KERNEL_LABEL:+ --kernel $KERNEL_LABEL} first"
NSIM_DIR=""
# shellcheck disable=SC1090
. "$KENV"
KLABEL=${KLABEL:-${KERNEL_LABEL:-$(echo "$KVER" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')}}
for f in "$VMLINUZ" "$SYSTEM_MAP" "$DM_KO"; do [ -f "$f" ] || die "missing $f; run setup.sh"; done
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing; run setup.sh"
BUSYBOX=/bin/busybox
file -L "$BUSYBOX" | grep -q 'statically linked' || die "$BUSYBOX is not static; run setup.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dropwatch-e2e.XXXXXX")
cleanup() { if [ "$KEEP" = 1 ]; then echo "run.sh: kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

# Static helpers, rebuilt when their source changes (cached by content hash).
build_static() { # build_static SRC NAME -> prints path
    local src=$1 name=$2 h out
    h=$(sha256sum "$src" | cut -c1-16)
    out="$CACHE/bin/$name-$h"
    if ! [ -x "$out" ]; then
        mkdir -p "$CACHE/bin"
        gcc -static -O2 -Wall -o "$out.tmp" "$src" >&2 || return 1
        mv "$out.tmp" "$out"
    fi
    echo "$out"
}
DROPGEN=$(build_static "$HERE/dropgen.c" dropgen) || die "building dropgen failed"
NLPROBE=$(build_static "$HERE/probe/nlprobe.c" nlprobe) || die "building nlprobe failed"
RUNAS=$(build_static "$HERE/tools/runas.c" runas) || die "building runas failed"
MKSYSMAP=$(build_static "$HERE/tools/mksysmap.c" mksysmap) || die "building mksysmap failed"
SIGDFL=$(build_static "$HERE/tools/sigdfl.c" sigdfl) || die "building sigdfl failed"

# ---- initramfs -----------------------------------------------------------------------------
ROOT="$WORK/root"
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,root,boot,lib/modules,e2e/scenarios}
cp "$BUSYBOX" "$ROOT/bin/busybox"
for app in $("$BUSYBOX" --list-full); do
    [ -e "$ROOT/$app" ] || ln -s /bin/busybox "$ROOT/$app"
done
cp "$DM_KO" "$ROOT/lib/modules/drop_monitor.ko"
# veth.ko for the "veth" kernel feature (setup.sh extracts it; an older cache has no VETH_KO and
# the scenarios that need it are skipped, saying so)
[ -n "${VETH_KO:-}" ] && [ -s "$VETH_KO" ] && cp "$VETH_KO" "$ROOT/lib/modules/veth.ko"
# netdevsim.ko and its dependencies (setup.sh built them for this kernel), plus iproute2's
# devlink to set trap actions (with its shared libraries, like dropwatch below)
if [ -n "${NSIM_DIR:-}" ] && [ -s "$NSIM_DIR/order" ]; then
    mkdir -p "$ROOT/lib/modules/nsim"
    for m in $(cat "$NSIM_DIR/order"); do cp "$NSIM_DIR/$m.ko" "$ROOT/lib/modules/nsim/"; done
    cp "$NSIM_DIR/order" "$ROOT/lib/modules/nsim/order"
fi
# System.map: Debian's image package has only a stub (see setup.sh). Use the real map from
# the -dbg package when setup.sh fetched it; otherwise /init derives one from /proc/kallsyms.
cp "$SYSTEM_MAP" "$ROOT/boot/System.map-$KVER.package"
# DROPWATCH_E2E_SYSMAP=derived forces the derived map even when the real one is cached.
[ "${SYSMAP_KIND:-real}" = dbg ] && cp "$SYSTEM_MAP_DBG" "$ROOT/boot/System.map-$KVER.dbg"
[ "${DROPWATCH_E2E_SYSMAP:-}" = derived ] && SYSMAP_KIND=stub
case "${SYSMAP_KIND:-real}" in
    real) cp "$SYSTEM_MAP" "$ROOT/boot/System.map-$KVER" ;;
    dbg) cp "$SYSTEM_MAP_DBG" "$ROOT/boot/System.map-$KVER" ;;
esac
cp "$DROPGEN" "$ROOT/bin/dropgen"
cp "$NLPROBE" "$ROOT/bin/nlprobe"
cp "$RUNAS" "$ROOT/bin/runas"
cp "$MKSYSMAP" "$ROOT/bin/mksysmap"
cp "$SIGDFL" "$ROOT/bin/sigdfl"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOT/etc/group"
cp /etc/localtime "$ROOT/etc/localtime" 2>/dev/null || true

add_with_libs() { # add_with_libs HOSTPATH GUESTPATH
    cp -L "$1" "$ROOT$2"
    chmod 755 "$ROOT$2"
    local lib
    # ldd prints "name => /path (addr)" and the interpreter as "/lib64/ld-... (addr)".
    for lib in $(ldd "$1" 2>/dev/null | awk '/=> \//{print $3} /^[ \t]*\/[^ ]+ \(/{print $1}'); do
        if ! [ -e "$ROOT$lib" ]; then
            mkdir -p "$ROOT$(dirname "$lib")"
            cp -L "$lib" "$ROOT$lib"
        fi
    done
}
if [ -n "$BINARY" ]; then
    add_with_libs "$BINARY" /bin/dropwatch
fi
if [ -s "$ROOT/lib/modules/nsim/order" ]; then
    DEVLINK=$(command -v devlink 2>/dev/null || true)
    [ -n "$DEVLINK" ] || for p in /usr/sbin/devlink /sbin/devlink; do [ -x "$p" ] && DEVLINK=$p; done
    [ -n "$DEVLINK" ] && add_with_libs "$DEVLINK" /bin/devlink
fi
# strace: syscalls per alert in storm_compare (STORM_STRACE), when the host has it
STRACE=$(command -v strace 2>/dev/null || true)
[ -n "$STRACE" ] && add_with_libs "$STRACE" /bin/strace
if [ "$UPSTREAM" = 1 ]; then
    UP=$(command -v dropwatch 2>/dev/null || true)
    [ -n "$UP" ] || for p in /usr/bin/dropwatch /usr/sbin/dropwatch; do [ -x "$p" ] && UP=$p; done
    [ -n "$UP" ] || die "--upstream: Debian dropwatch not installed (tests/e2e/setup.sh --with-upstream)"
    add_with_libs "$UP" /bin/dropwatch-upstream
    # dwdump comes in the same Debian package
    UPD=$(dirname "$UP")/dwdump
    [ -x "$UPD" ] && add_with_libs "$UPD" /bin/dwdump-upstream
fi

# jq checks our JSON Lines inside the guest, as a user's pipeline would.
if command -v jq >/dev/null; then
    add_with_libs "$(command -v jq)" /bin/jq
fi

cp "$HERE"/guest/init "$ROOT/init"
cp "$HERE"/guest/lib.sh "$ROOT/e2e/lib.sh"
chmod 755 "$ROOT/init"
for s in "${ORDERED[@]}"; do cp "$HERE/scenarios/$s.sh" "$ROOT/e2e/scenarios/"; done
{
    echo "SCENARIOS=\"${ORDERED[*]}\""
    echo "KVER=\"$KVER\""
    echo "KPKG=\"$KPKG\""
    echo "KPKG_VERSION=\"$KPKG_VERSION\""
    echo "KLABEL=\"$KLABEL\""
    echo "SYSTEM_MAP=\"/boot/System.map-$KVER\""
    echo "HAVE_DROPWATCH=$([ -n "$BINARY" ] && echo 1 || echo 0)"
    echo "HAVE_UPSTREAM=$UPSTREAM"
    echo "TEXT_BASE=${TEXT_BASE:-ffffffff81000000}"
    echo "SYSMAP_KIND=${SYSMAP_KIND:-real}"
} >"$ROOT/e2e/config"
for kv in "${GUEST_ENV[@]}"; do
    printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
done >>"$ROOT/e2e/config"
for s in "${ORDERED[@]}"; do
    echo "TIMEOUT_$s=$(meta "$HERE/scenarios/$s.sh" timeout 60)"
    echo "MODULE_$s=$(meta "$HERE/scenarios/$s.sh" module load)"
    echo "KFEAT_$s=\"$(meta "$HERE/scenarios/$s.sh" kernel '')\""
done >>"$ROOT/e2e/config"

(cd "$ROOT" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner=0:0 --quiet) |
    gzip -1 >"$WORK/initramfs.cpio.gz" || die "building the initramfs failed"

# ---- boot ----------------------------------------------------------------------------------
LOG="$WORK/console.log"
echo "e2e: kernel $KLABEL = $KVER ($KPKG $KPKG_VERSION), accel $ACCEL, scenarios: ${ORDERED[*]}"
if [ ${#NOT_SELECTED[@]} -gt 0 ]; then
    echo "e2e: not selected (need --binary / --upstream / setup.sh --with-dbg-sysmap, or opt-in: name it): ${NOT_SELECTED[*]}"
fi
QEMU=(qemu-system-x86_64 -accel "$ACCEL" -cpu "$CPU_MODEL" -smp "$SMP" -m "$MEM" -nographic -no-reboot
      -kernel "$VMLINUZ" -initrd "$WORK/initramfs.cpio.gz"
      -append "console=ttyS0 panic=-1 oops=panic quiet loglevel=3 rdinit=/init")
T0=$(date +%s)
# Strip CRs and the firmware's terminal escapes (SeaBIOS clears the screen right before the
# guest's first line) so markers start at column 0.
clean() { sed -u -e 's/\r//g' -e 's/\x1bc//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g'; }
if [ "$VERBOSE" = 1 ]; then
    timeout -k 5 "$VM_TIMEOUT" "${QEMU[@]}" </dev/null 2>&1 | clean | tee "$LOG"
    QRC=${PIPESTATUS[0]}
else
    timeout -k 5 "$VM_TIMEOUT" "${QEMU[@]}" </dev/null 2>&1 | clean >"$LOG"
    QRC=${PIPESTATUS[0]}
fi
T1=$(date +%s)
BOOT_S=$(sed -n 's/^@@BOOTED uptime=\([0-9.]*\).*/\1/p' "$LOG" | head -n1)
echo "e2e: [$KLABEL] VM ran $((T1 - T0)) s (qemu exit $QRC${BOOT_S:+, guest userspace at ${BOOT_S}s uptime})"

if ! grep -q '^@@BOOTED' "$LOG"; then
    echo "e2e: the VM never reached /init. Console output:"
    sed 's/^/  | /' "$LOG" | tail -n 80
    echo "e2e: 0 passed, ${#ORDERED[@]} failed, 0 skipped (kernel $KLABEL)"
    exit 2
fi

# ---- fixtures ------------------------------------------------------------------------------
if [ -n "$FIXDIR" ]; then
    mkdir -p "$FIXDIR"
    awk -v dir="$FIXDIR" '
        /^@@FIXTURE / {
            f = dir "/" $2 ".hex"; line = ""; n = 0
            printf "" > f
            for (i = 3; i <= NF; i++) {
                line = line (n ? " " : "") $i; n++
                if (n == 16) { print line > f; line = ""; n = 0 }
            }
            if (n) print line > f
            close(f); next
        }
        /^@@FILE / { f = dir "/" $2; printf "" > f; infile = 1; next }
        /^@@ENDFILE/ { if (infile) close(f); infile = 0; next }
        infile { print > f }
    ' "$LOG"
    echo "e2e: fixtures written to $FIXDIR"
fi

# ---- host checks ---------------------------------------------------------------------------
# host/NAME.sh checks what scenario NAME brought out of the guest (base64 in @@FILE NAME.b64
# blocks) with host tools (tshark, tcpdump): `bash host/NAME.sh DIR`; a failure fails NAME.
host_check() { # host_check SCENARIO: prints the check's output; non-zero if it failed
    local s=$1 dir="$WORK/host-$1" f
    mkdir -p "$dir"
    awk -v s="$s" -v dir="$dir" '
        $0 == "@@SCENARIO " s " BEGIN" { on = 1; next }
        on && index($0, "@@RESULT " s " ") == 1 { exit }
        on && /^@@FILE / { f = dir "/" $2; printf "" > f; infile = 1; next }
        on && /^@@ENDFILE/ { if (infile) close(f); infile = 0; next }
        on && infile { print > f }
    ' "$LOG"
    for f in "$dir"/*.b64; do
        [ -e "$f" ] && base64 -d <"$f" >"${f%.b64}"
    done
    bash "$HERE/host/$s.sh" "$dir" 2>&1
}

# ---- results -------------------------------------------------------------------------------
PASS=0
FAIL=0
SKIP=0
for s in "${ORDERED[@]}"; do
    res=$(grep -m1 "^@@RESULT $s " "$LOG" || true)
    status=$(echo "$res" | awk '{print $3}')
    reason=$(echo "$res" | cut -d' ' -f4-)
    dur=$(grep -m1 "^@@TIME $s " "$LOG" | awk '{print $3}')
    if [ "$status" = PASS ] && [ -f "$HERE/host/$s.sh" ]; then
        if hout=$(host_check "$s"); then
            printf '%s\n' "$hout" | sed "s/^/  host [$s] /"
        else
            status=FAIL
            reason="host check: $(printf '%s\n' "$hout" | tail -n1)"
            printf '%s\n' "$hout" | sed "s/^/  host [$s] /"
        fi
    fi
    if [ "$status" = PASS ]; then
        PASS=$((PASS + 1))
        printf 'PASS  [%s] %-22s %s\n' "$KLABEL" "$s" "${dur:+(${dur}s)}"
    elif [ "$status" = SKIP ]; then
        SKIP=$((SKIP + 1))
        printf 'SKIP  [%s] %-22s %s\n' "$KLABEL" "$s" "$reason"
    else
        FAIL=$((FAIL + 1))
        [ -n "$res" ] || reason="no result from the guest (VM timeout after ${VM_TIMEOUT}s, crash or panic?)"
        printf 'FAIL  [%s] %-22s %s %s\n' "$KLABEL" "$s" "$reason" "${dur:+(${dur}s)}"
        echo "----- guest console for $s ($KLABEL) -----"
        if grep -q "^@@SCENARIO $s BEGIN" "$LOG"; then
            awk -v s="$s" '$0 == "@@SCENARIO " s " BEGIN" {on = 1} on {print "  | " $0}
                           on && index($0, "@@RESULT " s " ") == 1 {exit}' "$LOG" | grep -v '^  | @@FIXTURE' | tail -n 200
            [ -n "$res" ] || { echo "  (console tail)"; tail -n 30 "$LOG" | sed 's/^/  | /'; }
        else
            echo "  (scenario never started; console tail)"
            tail -n 30 "$LOG" | sed 's/^/  | /'
        fi
        echo "----- end $s -----"
    fi
done
grep -q '^@@END' "$LOG" || echo "e2e: warning: guest did not reach @@END"
echo "e2e: $PASS passed, $FAIL failed, $SKIP skipped (kernel $KLABEL = $KVER, VM $((T1 - T0)) s)"
[ "$FAIL" = 0 ] && exit 0
exit 1
