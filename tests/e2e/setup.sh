#!/usr/bin/env bash
# Prepare everything the real-kernel e2e stage needs; idempotent and cached.
#
#   tests/e2e/setup.sh [--with-upstream]
#
# * installs qemu-system-x86, busybox-static, cpio, gcc/libc6-dev (static builds) if missing
#   (runs `apt-get update` at most once per invocation, and only if something is missing);
# * downloads the Debian kernel package that `linux-image-amd64` depends on and extracts
#   vmlinuz, System.map and drop_monitor.ko into the cache;
# * --with-upstream (or DROPWATCH_E2E_UPSTREAM=1): also installs Debian's `dropwatch` package
#   so run.sh --upstream can put it into the guest as /bin/dropwatch-upstream.
# * --with-dbg-sysmap (or DROPWATCH_E2E_DBG_SYSMAP=1): Debian's image package ships only a
#   one-line stub System.map ("The real System.map is in the linux-image-<version>-dbg
#   package"). This option downloads that -dbg package once (~860 MB), keeps only its
#   System.map and deletes the .deb. Without it the guest derives a System.map from its own
#   /proc/kallsyms (tools/mksysmap.c).
#
# Cache: ${DROPWATCH_E2E_CACHE:-/var/cache/dropwatch-e2e} (outside the repo).
# Result: $CACHE/kernel.env (KVER, KPKG, KPKG_VERSION, VMLINUZ, SYSTEM_MAP, DM_KO).
set -euo pipefail

CACHE=${DROPWATCH_E2E_CACHE:-/var/cache/dropwatch-e2e}
WITH_UPSTREAM=${DROPWATCH_E2E_UPSTREAM:-0}
WITH_DBG=${DROPWATCH_E2E_DBG_SYSMAP:-0}
for a in "$@"; do
    case "$a" in
        --with-upstream) WITH_UPSTREAM=1 ;;
        --with-dbg-sysmap) WITH_DBG=1 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "setup.sh: unknown argument $a" >&2; exit 64 ;;
    esac
done

log() { echo "[e2e-setup] $*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_UPDATED=0
apt_update_once() {
    if [ "$APT_UPDATED" = 0 ]; then
        log "apt-get update"
        $SUDO apt-get update -qq
        APT_UPDATED=1
    fi
}
apt_install() {
    apt_update_once
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---- host tools -------------------------------------------------------------------------
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
# busybox-static ships a static /bin/busybox; the dynamic "busybox" package would not run
# inside the initramfs without its libc.
if ! [ -x /bin/busybox ] || ! file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then
    need+=(busybox-static)
fi
command -v file >/dev/null || need+=(file)
command -v cpio >/dev/null || need+=(cpio)
command -v gcc >/dev/null || need+=(gcc)
[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || need+=(libc6-dev)
command -v gzip >/dev/null || need+=(gzip)
command -v xz >/dev/null || need+=(xz-utils)
command -v zstd >/dev/null || need+=(zstd)
command -v timeout >/dev/null || need+=(coreutils)
command -v jq >/dev/null || need+=(jq)   # parses our JSON Lines in the guest
if [ "$WITH_UPSTREAM" = 1 ] && ! [ -x /usr/sbin/dropwatch ] && ! [ -x /usr/bin/dropwatch ]; then
    need+=(dropwatch)
fi
if [ ${#need[@]} -gt 0 ]; then
    # `file` is needed by the busybox check above; install first, then re-check busybox.
    apt_install "${need[@]}"
fi
if ! file -L /bin/busybox | grep -q 'statically linked'; then
    apt_install busybox-static
fi

# ---- kernel -----------------------------------------------------------------------------
mkdir -p "$CACHE/debs"
resolve_kpkg() {
    apt-cache depends linux-image-amd64 2>/dev/null |
        awk '/^ *Depends: linux-image-[0-9]/ { print $2; exit }'
}
KPKG=${DROPWATCH_E2E_KERNEL_PKG:-$(resolve_kpkg)}
if [ -z "$KPKG" ]; then
    apt_update_once
    KPKG=$(resolve_kpkg)
fi
[ -n "$KPKG" ] || { echo "setup.sh: cannot resolve the package behind linux-image-amd64" >&2; exit 1; }
KPKG_VERSION=$(apt-cache policy "$KPKG" | awk '/Candidate:/ { print $2; exit }')
if [ -z "$KPKG_VERSION" ] || [ "$KPKG_VERSION" = "(none)" ]; then
    apt_update_once
    KPKG_VERSION=$(apt-cache policy "$KPKG" | awk '/Candidate:/ { print $2; exit }')
fi
log "kernel package $KPKG $KPKG_VERSION"

DEB=$(ls "$CACHE/debs/${KPKG}_${KPKG_VERSION//:/%3a}_amd64.deb" 2>/dev/null | head -n1 || true)
[ -n "$DEB" ] || DEB=$(ls "$CACHE/debs/${KPKG}_"*"_amd64.deb" 2>/dev/null | tail -n1 || true)
if [ -z "$DEB" ]; then
    log "apt-get download $KPKG"
    # apt's _apt user may not be able to write to the cache; download in a temp dir we own.
    tmp=$(mktemp -d)
    chmod 777 "$tmp"
    if ! (cd "$tmp" && apt-get download "$KPKG" >/dev/null 2>&1); then
        apt_update_once
        (cd "$tmp" && apt-get download "$KPKG" >/dev/null)
    fi
    mv "$tmp"/*.deb "$CACHE/debs/"
    rmdir "$tmp"
    DEB=$(ls "$CACHE/debs/${KPKG}_"*"_amd64.deb" | head -n1)
fi
KPKG_VERSION=$(dpkg-deb -f "$DEB" Version)

KDIR="$CACHE/kernel/$KPKG-$KPKG_VERSION"
if ! [ -e "$KDIR/.complete" ]; then
    log "extracting $DEB"
    rm -rf "$KDIR" "$KDIR.tmp"
    mkdir -p "$KDIR.tmp/x"
    dpkg-deb -x "$DEB" "$KDIR.tmp/x"
    vml=$(ls "$KDIR.tmp/x/boot/"vmlinuz-* | head -n1)
    kver=${vml##*/vmlinuz-}
    cp "$vml" "$KDIR.tmp/vmlinuz"
    # Debian ships System.map in the image package as /boot/System.map-VERSION.
    cp "$KDIR.tmp/x/boot/System.map-$kver" "$KDIR.tmp/System.map"
    cp "$KDIR.tmp/x/boot/config-$kver" "$KDIR.tmp/config" 2>/dev/null || true
    ko=$(find "$KDIR.tmp/x/lib/modules/$kver/kernel/net/core" -name 'drop_monitor.ko*' | head -n1)
    [ -n "$ko" ] || { echo "setup.sh: drop_monitor.ko not found in $DEB" >&2; exit 1; }
    case "$ko" in
        *.ko) cp "$ko" "$KDIR.tmp/drop_monitor.ko" ;;
        *.ko.xz) xz -dc "$ko" >"$KDIR.tmp/drop_monitor.ko" ;;
        *.ko.zst) zstd -qdc "$ko" >"$KDIR.tmp/drop_monitor.ko" ;;
        *.ko.gz) gzip -dc "$ko" >"$KDIR.tmp/drop_monitor.ko" ;;
        *) echo "setup.sh: unknown module compression: $ko" >&2; exit 1 ;;
    esac
    # The guest has no modprobe: any module dependency must be insmod-ed by hand.
    deps=$(tr '\0' '\n' <"$KDIR.tmp/drop_monitor.ko" | sed -n 's/^depends=//p' | head -n1)
    if [ -n "$deps" ]; then
        echo "setup.sh: drop_monitor depends on '$deps'; the harness does not handle that yet" >&2
        exit 1
    fi
    {
        echo "KVER=$kver"
        echo "KPKG=$KPKG"
        echo "KPKG_VERSION=$KPKG_VERSION"
    } >"$KDIR.tmp/kernel.env"
    rm -rf "$KDIR.tmp/x"
    mv "$KDIR.tmp" "$KDIR"
    touch "$KDIR/.complete"
fi
# shellcheck disable=SC1091
. "$KDIR/kernel.env"

# Link-time _text = __START_KERNEL_map + CONFIG_PHYSICAL_START (needed to undo KASLR when the
# guest derives a System.map from /proc/kallsyms).
phys=$(sed -n 's/^CONFIG_PHYSICAL_START=//p' "$KDIR/config" 2>/dev/null)
TEXT_BASE=$(printf '%x' $((0xffffffff80000000 + ${phys:-0x1000000})))

SYSMAP_KIND=real
if grep -q 'The real System.map is in' "$KDIR/System.map"; then
    SYSMAP_KIND=stub
    if [ -s "$KDIR/System.map.dbg" ]; then
        SYSMAP_KIND=dbg
    elif [ "$WITH_DBG" = 1 ]; then
        log "downloading ${KPKG}-dbg for its System.map (large, once)"
        tmp=$(mktemp -d)
        chmod 777 "$tmp"
        (cd "$tmp" && apt-get download "${KPKG}-dbg=$KPKG_VERSION" >/dev/null)
        dpkg-deb --fsys-tarfile "$tmp"/*.deb |
            tar -xO --wildcards '*/boot/System.map-*' >"$KDIR/System.map.dbg.tmp"
        rm -rf "$tmp"
        [ -s "$KDIR/System.map.dbg.tmp" ] || { echo "setup.sh: no System.map in the -dbg package" >&2; exit 1; }
        mv "$KDIR/System.map.dbg.tmp" "$KDIR/System.map.dbg"
        SYSMAP_KIND=dbg
    fi
fi
{
    echo "KVER=$KVER"
    echo "KPKG=$KPKG"
    echo "KPKG_VERSION=$KPKG_VERSION"
    echo "VMLINUZ=$KDIR/vmlinuz"
    echo "SYSTEM_MAP=$KDIR/System.map"
    echo "DM_KO=$KDIR/drop_monitor.ko"
    echo "TEXT_BASE=$TEXT_BASE"
    # real: the package's System.map is usable; dbg: real map from the -dbg package in
    # SYSTEM_MAP_DBG; stub: only Debian's stub exists, the guest derives one from kallsyms.
    echo "SYSMAP_KIND=$SYSMAP_KIND"
    echo "SYSTEM_MAP_DBG=$KDIR/System.map.dbg"
} >"$CACHE/kernel.env.tmp"
mv "$CACHE/kernel.env.tmp" "$CACHE/kernel.env"
log "ready: kernel $KVER ($KPKG $KPKG_VERSION) in $KDIR, System.map: $SYSMAP_KIND"
