#!/usr/bin/env bash
# The .deb stage of scripts/test-all.sh: the man pages lint clean, the bash completion
# completes, the .deb builds and lintian finds no error, and in a clean Debian root (debootstrap,
# cached) the .deb installs with apt-get, runs, shows both man pages and completes `dropwatch -l`,
# then purges leaving no file behind. Ends with "deb: N passed, M failed".
# Usage: tests/packaging/deb.sh [--binary PATH]   (default: publish the NativeAOT binary)
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

binary=
[[ ${1:-} == --binary ]] && binary=$2

CACHE=${DROPWATCH_E2E_CACHE:-/var/cache/dropwatch-e2e}
base=$CACHE/packaging/bookworm-minbase
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
finish() { echo "deb: $passed passed, $failed failed (${SECONDS}s)"; [[ $failed -eq 0 ]]; exit; }

work=$(mktemp -d)
merged=$work/root
cleanup()
{
    mountpoint -q "$merged/dev" && umount -R "$merged/dev"
    mountpoint -q "$merged/proc" && umount "$merged/proc"
    mountpoint -q "$merged" && umount "$merged"
    rm -rf "$work"
}
trap cleanup EXIT

# Host tools (idempotent; apt-get update only when something is missing).
need=()
for tool in dpkg-deb:dpkg-dev lintian:lintian debootstrap:debootstrap mandoc:mandoc groff:groff-base file:file; do
    command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
[[ -e /usr/share/bash-completion/bash_completion ]] || need+=(bash-completion)
if ((${#need[@]})); then
    echo "deb: installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

for page in man/dropwatch.1 man/dwdump.1; do
    report=$( { groff -man -ww -z "$page"; mandoc -Tlint "$page"; } 2>&1)
    if [[ -z $report ]]; then pass "$page: groff -ww and mandoc -Tlint report nothing"
    else fail "$page lint:"; echo "$report"; fi
done

if [[ -z $binary ]]; then
    echo "deb: publishing the native binary"
    if ! dotnet publish src/DropWatch.Cli -c Release -o "$work/publish" --nologo -v quiet >"$work/publish.log" 2>&1; then
        cat "$work/publish.log"; fail "publish"; finish
    fi
    binary=$work/publish/dropwatch
fi
leftovers=$(find "$(dirname "$binary")" -maxdepth 1 \( -name '*.pdb' -o -name '*.dbg' \) -printf '%f ')
if [[ -z $leftovers ]]; then pass "publish leaves no .pdb or .dbg beside the binary"
else fail "publish left $leftovers"; fi

if bash tests/packaging/completion.sh completion/dropwatch.bash "$binary" >"$work/completion.log" 2>&1; then
    pass "bash completion on the host ($(tail -n 1 "$work/completion.log"))"
else cat "$work/completion.log"; fail "bash completion on the host"; fi

if deb=$(bash packaging/deb/build.sh --binary "$binary" --out "$work/deb" 2>"$work/deb.log" | tail -n 1) && [[ -f $deb ]]; then
    pass "packaging/deb/build.sh built $(basename "$deb")"
else cat "$work/deb.log"; fail "packaging/deb/build.sh"; finish; fi

lintian_start=$SECONDS
lintian "$deb" >"$work/lintian.log" 2>&1
cat "$work/lintian.log"
if grep -q '^E:' "$work/lintian.log"; then fail "lintian reports errors"
else pass "lintian: no errors ($(grep -c '^W:' "$work/lintian.log") warnings, $((SECONDS - lintian_start))s)"; fi

# A clean Debian 12 root with man-db and bash-completion, made once and kept in the cache;
# every run works on an overlay of it, so the cached root stays clean.
if [[ ! -e $base.ready ]]; then
    mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
    echo "deb: debootstrap --variant=minbase bookworm from ${mirror:=http://deb.debian.org/debian} (once)"
    rm -rf "$base.tmp"
    mkdir -p "$(dirname "$base")"
    if debootstrap --variant=minbase --include=man-db,bash-completion bookworm "$base.tmp" "$mirror" >"$work/debootstrap.log" 2>&1; then
        chroot "$base.tmp" apt-get clean
        rm -rf "$base" && mv "$base.tmp" "$base" && touch "$base.ready"
    else
        tail -n 20 "$work/debootstrap.log"; fail "debootstrap"; finish
    fi
fi
mkdir -p "$work/upper" "$work/overlay-work" "$merged"
if ! mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/overlay-work" "$merged" 2>/dev/null; then
    umount "$merged" 2>/dev/null
    cp -a "$base/." "$merged/"   # no overlayfs here: a copy
fi
in_root() { chroot "$merged" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

# Every path with its type and mode, minus what apt and dpkg legitimately churn.
snapshot()
{
    (cd "$merged" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./tmp -o -path ./run \
        -o -path ./var/log -o -path ./var/cache -o -path ./var/lib/apt \) -prune -o -printf '%p %y %m\n' |
        grep -vE '^\./var/lib/dpkg/[^/ ]+-old |^\./var/lib/dpkg/(lock|triggers/Lock)' | LC_ALL=C sort)
}
snapshot >"$work/before"
# What a running system has (bash needs /dev/fd for the completion's process substitutions).
mount --rbind /dev "$merged/dev" && mount --make-rslave "$merged/dev"
mount -t proc proc "$merged/proc"

cp "$deb" "$merged/tmp/"
if in_root apt-get install -y "/tmp/$(basename "$deb")" >"$work/install.log" 2>&1; then
    pass "apt-get install ./$(basename "$deb") in a clean bookworm root"
else cat "$work/install.log"; fail "apt-get install in the clean root"; finish; fi

expected="dropwatch $(sed -nE 's:.*<Version>([^<]+)</Version>.*:\1:p' Directory.Build.props | head -n 1) "
version=$(in_root dropwatch --version 2>&1)
if [[ $version == "$expected"*NativeAOT* ]]; then pass "dropwatch --version in the root: $version"
else fail "dropwatch --version in the root: '$version' (expected '$expected…')"; fi
if [[ $(in_root readlink /usr/bin/dwdump) == dropwatch ]]; then pass "/usr/bin/dwdump -> dropwatch"
else fail "/usr/bin/dwdump is not a link to dropwatch"; fi

for page in dropwatch dwdump; do
    text=$(in_root env MANWIDTH=80 man -P cat -l "/usr/share/man/man1/$page.1.gz" 2>"$work/man.err")
    if [[ ! -s $work/man.err && $text == *NAME* && $text == *"$page - "* ]]; then pass "man -l $page.1.gz"
    else fail "man -l $page.1.gz:"; cat "$work/man.err"; fi
done
if in_root man -w dropwatch >/dev/null 2>&1 && in_root man -w dwdump >/dev/null 2>&1; then pass "man finds dropwatch(1) and dwdump(1)"
else fail "man -w dropwatch / dwdump"; fi

# bash-completion's own loader finds the installed files by command name.
complete_in_root()
{
    in_root bash --norc --noprofile -c '
        source /usr/share/bash-completion/bash_completion
        __load_completion "$1" || exit 1
        fn=$(complete -p "$1" | sed -nE "s/.*-F ([^ ]+).*/\1/p")
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$@"
}
got=$(complete_in_root dropwatch -l "")
if [[ $got == "kas list null sysmap " ]]; then pass "installed completion: dropwatch -l <TAB> gives kas list null sysmap"
else fail "installed completion: dropwatch -l <TAB> gave '$got'"; fi
got=$(complete_in_root dwdump -o "")
if [[ $got == "hw sw " ]]; then pass "installed completion: dwdump -o <TAB> gives hw sw"
else fail "installed completion: dwdump -o <TAB> gave '$got'"; fi

rm -f "$merged/tmp/$(basename "$deb")"
if in_root apt-get remove --purge -y dropwatch >"$work/remove.log" 2>&1; then pass "apt-get remove --purge dropwatch"
else cat "$work/remove.log"; fail "apt-get remove --purge"; fi
snapshot >"$work/after"
if diff -u "$work/before" "$work/after" >"$work/diff"; then pass "nothing left behind after the purge (file list of the root unchanged)"
else cat "$work/diff"; fail "the purge left files behind"; fi

finish
