#!/usr/bin/env bash
# Prepare everything the real-kernel e2e stage needs; idempotent and cached.
#
#   tests/e2e/setup.sh [--with-upstream] [--with-dbg-sysmap] [--kernel SPEC]...
#
# * installs qemu-system-x86, busybox-static, cpio, gcc/libc6-dev (static builds) if missing
#   (runs `apt-get update` at most once per invocation, and only if something is missing);
# * downloads the Debian kernel package that `linux-image-amd64` depends on and extracts
#   vmlinuz, System.map, drop_monitor.ko and veth.ko (the veth e2e feature) into the cache;
# * --with-upstream (or DROPWATCH_E2E_UPSTREAM=1): also installs Debian's `dropwatch` package
#   so run.sh --upstream can put it into the guest as /bin/dropwatch-upstream.
# * --with-dbg-sysmap (or DROPWATCH_E2E_DBG_SYSMAP=1): Debian's image package ships only a
#   one-line stub System.map ("The real System.map is in the linux-image-<version>-dbg
#   package"). This option downloads that -dbg package once (~860 MB), keeps only its
#   System.map and deletes the .deb. Without it the guest derives a System.map from its own
#   /proc/kallsyms (tools/mksysmap.c).
#
# * --kernel SPEC (repeatable; or DROPWATCH_E2E_KERNELS="6.1 6.12"; default 6.1): which Debian
#   kernels to prepare. SPEC is a major.minor version: the kernel behind `linux-image-amd64` if
#   that is SPEC.x, else the newest `linux-image-SPEC.N+debNN-amd64-unsigned` apt serves (6.12
#   comes from bookworm-security). Versions are resolved with apt-cache on every run, never
#   hard-coded, so an ABI bump (6.1.0-56 -> 6.1.0-57) just downloads the new package.
# * for each kernel also builds netdevsim.ko out of tree (Debian does not build it): the
#   matching linux-headers/-common/linux-kbuild packages and drivers/net/netdevsim from
#   linux-source-X.Y are extracted into the cache (nothing is installed on the host), then
#   `make -C .../linux-headers-$KVER M=... CONFIG_NETDEVSIM=m modules`. Its module dependencies
#   (psample, ...) are taken from the image package, decompressed (.xz/.zst/.gz) for busybox
#   insmod, and listed in load order in modules/order. DROPWATCH_E2E_NETDEVSIM=0 skips this
#   (the hardware scenarios are then skipped with a reason).
#
# Cache: ${DROPWATCH_E2E_CACHE:-/var/cache/dropwatch-e2e} (outside the repo).
# Result: $CACHE/kernel-LABEL.env per kernel (LABEL = major.minor, e.g. kernel-6.12.env) with
# KVER, KPKG, KPKG_VERSION, VMLINUZ, SYSTEM_MAP, DM_KO, VETH_KO, NSIM_DIR, ...; $CACHE/kernel.env is a
# copy of the first kernel's (run.sh's default).
set -euo pipefail

CACHE=${DROPWATCH_E2E_CACHE:-/var/cache/dropwatch-e2e}
WITH_UPSTREAM=${DROPWATCH_E2E_UPSTREAM:-0}
WITH_DBG=${DROPWATCH_E2E_DBG_SYSMAP:-0}
WITH_NSIM=${DROPWATCH_E2E_NETDEVSIM:-1}
KERNELS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --with-upstream) WITH_UPSTREAM=1 ;;
        --with-dbg-sysmap) WITH_DBG=1 ;;
        --kernel) [ $# -ge 2 ] || { echo "setup.sh: --kernel needs a version (6.1, 6.12)" >&2; exit 64; }
                  KERNELS+=("$2"); shift ;;
        --kernel=*) KERNELS+=("${1#*=}") ;;
        -h|--help) sed -n '2,37p' "$0"; exit 0 ;;
        *) echo "setup.sh: unknown argument $1" >&2; exit 64 ;;
    esac
    shift
done
[ ${#KERNELS[@]} -gt 0 ] || read -r -a KERNELS <<<"${DROPWATCH_E2E_KERNELS:-6.1}"
for k in "${KERNELS[@]}"; do
    [[ "$k" =~ ^[0-9]+\.[0-9]+$ ]] || { echo "setup.sh: --kernel $k: expected major.minor, e.g. 6.12" >&2; exit 64; }
done

log() { echo "[e2e-setup] $*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_UPDATED=0
apt_update_once() {
    if [ "$APT_UPDATED" = 0 ]; then
        log "apt-get update"
        $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
        APT_UPDATED=1
    fi
}
apt_install() {
    apt_update_once
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "$@" >/dev/null
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
# read the pcap / pcapng files capture scenarios bring out of the guest (host-side checks)
command -v tshark >/dev/null || need+=(tshark)
command -v tcpdump >/dev/null || need+=(tcpdump)
# strace counts the clients' syscalls per alert in storm_compare (copied with its libraries)
command -v strace >/dev/null || need+=(strace)
if [ "$WITH_NSIM" = 1 ]; then
    command -v make >/dev/null || need+=(make)
    # iproute2's devlink sets trap actions in the guest (copied with its shared libraries)
    command -v devlink >/dev/null || [ -x /usr/sbin/devlink ] || [ -x /sbin/devlink ] || need+=(iproute2)
fi
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

# ---- kernels ----------------------------------------------------------------------------
mkdir -p "$CACHE/debs"

# awk reads to the end (no early exit): under pipefail an apt-cache killed by SIGPIPE would fail the run.
cand_version() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ && v == "" { v = $2 } END { print v }'; }

# resolve_kpkg SPEC: the image package for major.minor SPEC (see the header).
resolve_kpkg() {
    local spec=$1 meta v re
    meta=$(apt-cache depends linux-image-amd64 2>/dev/null |
        awk '/^ *Depends: linux-image-[0-9]/ && m == "" { m = $2 } END { print m }')
    if [ -n "$meta" ]; then
        v=$(cand_version "$meta")
        case "$v" in "$spec".*) echo "$meta"; return 0 ;; esac
    fi
    re=${spec//./\\.}
    # unsigned first (what the issue asks for; same kernel as the signed one), newest version
    local names
    names=$(apt-cache pkgnames linux-image- 2>/dev/null || true)
    v=$(grep -E "^linux-image-$re\.[0-9]+(\+deb[0-9]+)?-amd64-unsigned\$|^linux-image-$re\.0-[0-9]+-amd64-unsigned\$" <<<"$names" | sort -V | tail -n1 || true)
    [ -n "$v" ] || v=$(grep -E "^linux-image-$re\.[0-9]+(\+deb[0-9]+)?-amd64\$|^linux-image-$re\.0-[0-9]+-amd64\$" <<<"$names" | sort -V | tail -n1 || true)
    echo "$v"
}

# fetch_deb PKG [VERSION]: path of PKG's .deb in $CACHE/debs, downloading it if needed.
fetch_deb() {
    local pkg=$1 ver=${2:-} f tmp
    if [ -n "$ver" ]; then
        f=$(ls "$CACHE/debs/${pkg}_${ver//:/%3a}_"*.deb 2>/dev/null | tail -n1 || true)
    else
        f=$(ls "$CACHE/debs/${pkg}_"*.deb 2>/dev/null | sort -V | tail -n1 || true)
    fi
    if [ -z "$f" ]; then
        log "apt-get download $pkg${ver:+=$ver}"
        # apt's _apt user may not be able to write to the cache; download in a temp dir we own.
        tmp=$(mktemp -d)
        chmod 777 "$tmp"
        if ! (cd "$tmp" && apt-get download "$pkg${ver:+=$ver}" >/dev/null 2>&1); then
            apt_update_once
            (cd "$tmp" && apt-get download "$pkg${ver:+=$ver}" >/dev/null) || { rm -rf "$tmp"; return 1; }
        fi
        f="$CACHE/debs/$(basename "$(ls "$tmp"/*.deb | head -n1)")"
        mv "$tmp"/*.deb "$CACHE/debs/"
        rmdir "$tmp"
    fi
    echo "$f"
}

# decompress_ko SRC DEST: copy a module, decompressing .xz/.zst/.gz (busybox insmod can't).
decompress_ko() {
    case "$1" in
        *.ko) cp "$1" "$2" ;;
        *.ko.xz) xz -dc "$1" >"$2" ;;
        *.ko.zst) zstd -qdc "$1" >"$2" ;;
        *.ko.gz) gzip -dc "$1" >"$2" ;;
        *) echo "setup.sh: unknown module compression: $1" >&2; return 1 ;;
    esac
}
ko_depends() { tr '\0' '\n' <"$1" | sed -n 's/^depends=//p' | head -n1 | tr ',' ' '; }

# build_netdevsim KDIR DEB KVER KPKG_VERSION: $KDIR/modules/{netdevsim.ko,deps...,order}
build_netdevsim() {
    local kdir=$1 deb=$2 kver=$3 kv=$4 series hdeb cdeb kdeb sdeb common kbuild b srcball n
    series=$(echo "$kv" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
    hdeb=$(fetch_deb "linux-headers-$kver" "$kv") || { echo "setup.sh: no linux-headers-$kver=$kv" >&2; return 1; }
    common=$(dpkg-deb -f "$hdeb" Depends | tr ',' '\n' | sed -n 's/^ *\(linux-headers-[^ ]*-common\)\( .*\)*$/\1/p' | head -n1)
    kbuild=$(dpkg-deb -f "$hdeb" Depends | tr ',' '\n' | sed -n 's/^ *\(linux-kbuild-[^ ]*\)\( .*\)*$/\1/p' | head -n1)
    [ -n "$common" ] && [ -n "$kbuild" ] || { echo "setup.sh: cannot read the -common/kbuild dependencies of $hdeb" >&2; return 1; }
    cdeb=$(fetch_deb "$common" "$kv") || return 1
    kdeb=$(fetch_deb "$kbuild" "$kv" 2>/dev/null) || kdeb=$(fetch_deb "$kbuild" "$(cand_version "$kbuild")") || return 1
    sdeb=$(fetch_deb "linux-source-$series" "$kv" 2>/dev/null) || {
        log "warning: linux-source-$series=$kv not available, using the candidate"
        sdeb=$(fetch_deb "linux-source-$series" "$(cand_version "linux-source-$series")") || return 1; }
    b="$CACHE/build/$(basename "$kdir")"
    rm -rf "$b"; mkdir -p "$b/root"
    log "building netdevsim.ko for $kver (headers $(basename "$hdeb"), source $(basename "$sdeb"))"
    for d in "$hdeb" "$cdeb" "$kdeb"; do dpkg-deb -x "$d" "$b/root"; done
    # The arch headers' Makefile includes the -common one by absolute path: point it here.
    sed -i "s#^include /usr/src/#include $b/root/usr/src/#" "$b/root/usr/src/linux-headers-$kver/Makefile"
    srcball=$(dpkg-deb -c "$sdeb" | awk '{print $NF}' | grep -E '/linux-source-[0-9.]+\.tar\.(xz|gz|bz2|zst)$' | head -n1)
    [ -n "$srcball" ] || { echo "setup.sh: no source tarball in $sdeb" >&2; return 1; }
    local unz=(xz -dc)
    case "$srcball" in *.gz) unz=(gzip -dc) ;; *.bz2) unz=(bzip2 -dc) ;; *.zst) unz=(zstd -qdc) ;; esac
    dpkg-deb --fsys-tarfile "$sdeb" | tar -xO "$srcball" | "${unz[@]}" |
        tar -x -C "$b" --wildcards "linux-source-$series/drivers/net/netdevsim/*"
    [ -f "$b/linux-source-$series/drivers/net/netdevsim/Makefile" ] || { echo "setup.sh: drivers/net/netdevsim not in $sdeb" >&2; return 1; }
    # CONFIG_DEBUG_INFO_BTF_MODULES= : no BTF for the module (6.12 would need pahole; nothing
    # here uses BTF).
    if ! make -C "$b/root/usr/src/linux-headers-$kver" M="$b/linux-source-$series/drivers/net/netdevsim" \
            CONFIG_NETDEVSIM=m CONFIG_DEBUG_INFO_BTF_MODULES= -j"$(nproc)" modules >"$b/build.log" 2>&1; then
        tail -n 30 "$b/build.log" >&2
        echo "setup.sh: building netdevsim.ko failed (log: $b/build.log)" >&2
        return 1
    fi
    rm -rf "$kdir/modules.tmp"; mkdir -p "$kdir/modules.tmp"
    cp "$b/linux-source-$series/drivers/net/netdevsim/netdevsim.ko" "$kdir/modules.tmp/"
    strip --strip-debug "$kdir/modules.tmp/netdevsim.ko" 2>/dev/null || true
    grep -qa "vermagic=$kver " "$kdir/modules.tmp/netdevsim.ko" ||
        { echo "setup.sh: netdevsim.ko vermagic does not match $kver" >&2; return 1; }
    # Dependencies (psample, and whatever this version's netdevsim links against) from the
    # image package, depth first so modules/order lists them before their users.
    mkdir -p "$b/img"
    dpkg-deb -x "$deb" "$b/img"
    : >"$b/order"
    add_mod() { # add_mod NAME: NAME.ko (its deps first) into modules.tmp, append to order
        local m=$1 f d
        grep -qx "$m" "$b/order" && return 0
        if [ "$m" != netdevsim ]; then
            f=$(find "$b/img/lib/modules/$kver" \( -name "$m.ko*" -o -name "${m//_/-}.ko*" \) | head -n1)
            [ -n "$f" ] || { echo "setup.sh: module $m (needed by netdevsim) not in $deb" >&2; return 1; }
            decompress_ko "$f" "$kdir/modules.tmp/$m.ko" || return 1
        fi
        for d in $(ko_depends "$kdir/modules.tmp/$m.ko"); do add_mod "$d" || return 1; done
        echo "$m" >>"$b/order"
    }
    add_mod netdevsim || return 1
    cp "$b/order" "$kdir/modules.tmp/order"
    n=$(tr '\n' ' ' <"$b/order")
    rm -rf "$kdir/modules" && mv "$kdir/modules.tmp" "$kdir/modules"
    touch "$kdir/modules/.complete"
    rm -rf "$b"
    log "netdevsim for $kver ready: insmod order $n"
}

# prepare_kernel SPEC: download/extract one kernel (+ netdevsim); writes $CACHE/kernel-SPEC.env
prepare_kernel() {
    local spec=$1 KPKG KPKG_VERSION DEB KDIR vml kver ko deps phys TEXT_BASE SYSMAP_KIND tmp NSIM_DIR=""
    KPKG=$(resolve_kpkg "$spec")
    if [ -z "$KPKG" ]; then
        apt_update_once
        KPKG=$(resolve_kpkg "$spec")
    fi
    [ -n "$KPKG" ] || { echo "setup.sh: no Debian kernel package for $spec (linux-image-amd64 or linux-image-$spec.*-amd64-unsigned)" >&2; return 1; }
    KPKG_VERSION=$(cand_version "$KPKG")
    if [ -z "$KPKG_VERSION" ] || [ "$KPKG_VERSION" = "(none)" ]; then
        apt_update_once
        KPKG_VERSION=$(cand_version "$KPKG")
    fi
    log "kernel $spec: package $KPKG $KPKG_VERSION"
    DEB=$(fetch_deb "$KPKG" "$KPKG_VERSION" 2>/dev/null) || DEB=$(fetch_deb "$KPKG") ||
        { echo "setup.sh: cannot download $KPKG" >&2; return 1; }
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
        [ -n "$ko" ] || { echo "setup.sh: drop_monitor.ko not found in $DEB" >&2; return 1; }
        decompress_ko "$ko" "$KDIR.tmp/drop_monitor.ko" || return 1
        # The guest has no modprobe: any module dependency must be insmod-ed by hand.
        deps=$(ko_depends "$KDIR.tmp/drop_monitor.ko")
        if [ -n "$deps" ]; then
            echo "setup.sh: drop_monitor depends on '$deps'; the harness does not handle that yet" >&2
            return 1
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
    local KVER
    KVER=$(sed -n 's/^KVER=//p' "$KDIR/kernel.env")

    # veth.ko (CONFIG_VETH=m in Debian) for the guest's veth pair: a kernel directory extracted
    # before veth was wanted gets it here, from the cached .deb, without extracting it all again.
    if ! [ -s "$KDIR/veth.ko" ]; then
        local vko vtmp
        vko=$(dpkg-deb -c "$DEB" | awk '{print $NF}' | grep -E '/lib/modules/[^/]+/kernel/drivers/net/veth\.ko(\.(xz|zst|gz))?$' | head -n1)
        [ -n "$vko" ] || { echo "setup.sh: veth.ko not found in $DEB (the veth e2e feature needs it)" >&2; return 1; }
        vtmp=$(mktemp -d)
        dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$vtmp" "$vko"
        decompress_ko "$vtmp/$vko" "$KDIR/veth.ko.tmp" || { rm -rf "$vtmp"; return 1; }
        rm -rf "$vtmp"
        if [ -n "$(ko_depends "$KDIR/veth.ko.tmp")" ]; then
            echo "setup.sh: veth depends on '$(ko_depends "$KDIR/veth.ko.tmp")'; the harness does not handle that yet" >&2
            return 1
        fi
        grep -qa "vermagic=$KVER " "$KDIR/veth.ko.tmp" || { echo "setup.sh: veth.ko vermagic does not match $KVER" >&2; return 1; }
        mv "$KDIR/veth.ko.tmp" "$KDIR/veth.ko"
        log "veth.ko for $KVER extracted"
    fi

    if [ "$WITH_NSIM" = 1 ]; then
        if ! [ -e "$KDIR/modules/.complete" ]; then
            build_netdevsim "$KDIR" "$DEB" "$KVER" "$KPKG_VERSION" || return 1
        fi
        NSIM_DIR="$KDIR/modules"
    fi

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
            log "downloading ${KPKG%-unsigned}-dbg for its System.map (large, once)"
            tmp=$(mktemp -d)
            chmod 777 "$tmp"
            (cd "$tmp" && apt-get download "${KPKG%-unsigned}-dbg=$KPKG_VERSION" >/dev/null)
            dpkg-deb --fsys-tarfile "$tmp"/*.deb |
                tar -xO --wildcards '*/boot/System.map-*' >"$KDIR/System.map.dbg.tmp"
            rm -rf "$tmp"
            [ -s "$KDIR/System.map.dbg.tmp" ] || { echo "setup.sh: no System.map in the -dbg package" >&2; return 1; }
            mv "$KDIR/System.map.dbg.tmp" "$KDIR/System.map.dbg"
            SYSMAP_KIND=dbg
        fi
    fi
    {
        echo "KLABEL=$spec"
        echo "KVER=$KVER"
        echo "KPKG=$KPKG"
        echo "KPKG_VERSION=$KPKG_VERSION"
        echo "VMLINUZ=$KDIR/vmlinuz"
        echo "SYSTEM_MAP=$KDIR/System.map"
        echo "DM_KO=$KDIR/drop_monitor.ko"
        echo "VETH_KO=$KDIR/veth.ko"
        echo "TEXT_BASE=$TEXT_BASE"
        # real: the package's System.map is usable; dbg: real map from the -dbg package in
        # SYSTEM_MAP_DBG; stub: only Debian's stub exists, the guest derives one from kallsyms.
        echo "SYSMAP_KIND=$SYSMAP_KIND"
        echo "SYSTEM_MAP_DBG=$KDIR/System.map.dbg"
        # netdevsim.ko and its dependencies, insmod order in $NSIM_DIR/order (empty: none built)
        echo "NSIM_DIR=$NSIM_DIR"
    } >"$CACHE/kernel-$spec.env.tmp"
    mv "$CACHE/kernel-$spec.env.tmp" "$CACHE/kernel-$spec.env"
    log "ready: kernel $spec = $KVER ($KPKG $KPKG_VERSION) in $KDIR, System.map: $SYSMAP_KIND${NSIM_DIR:+, netdevsim built}"
}

for k in "${KERNELS[@]}"; do prepare_kernel "$k"; done
cp "$CACHE/kernel-${KERNELS[0]}.env" "$CACHE/kernel.env.tmp"
mv "$CACHE/kernel.env.tmp" "$CACHE/kernel.env"
