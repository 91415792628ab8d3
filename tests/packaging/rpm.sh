#!/usr/bin/env bash
# The RPM stage of scripts/test-all.sh: packaging/rpm/build.sh builds the RPM, rpmlint reports no
# error, `rpm --root DIR --nodeps -i` puts exactly the spec's files into an empty root, erasing
# leaves nothing, and the RPM installs the same files as the .deb (docs and license aside, which
# each format keeps in its own place). Ends with "rpm: N passed, M failed".
# Usage: tests/packaging/rpm.sh [--binary PATH]   (default: publish the NativeAOT binary)
set -uo pipefail
cd "$(dirname "$0")/../.."

binary=
[[ ${1:-} == --binary ]] && binary=$2
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
finish() { echo "rpm: $passed passed, $failed failed"; [[ $failed -eq 0 ]]; exit; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

need=()
for tool in rpmbuild:rpm rpmlint:rpmlint dpkg-deb:dpkg-dev file:file; do
    command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if ((${#need[@]})); then
    echo "rpm: installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [[ -z $binary ]]; then
    echo "rpm: publishing the native binary"
    if ! dotnet publish src/DropWatch.Cli -c Release -o "$work/publish" --nologo -v quiet >"$work/publish.log" 2>&1; then
        cat "$work/publish.log"; fail "publish"; finish
    fi
    binary=$work/publish/dropwatch
fi

if rpm=$(bash packaging/rpm/build.sh --binary "$binary" --out "$work/out" 2>"$work/build.log" | tail -n 1) && [[ -f $rpm ]]; then
    pass "packaging/rpm/build.sh built $(basename "$rpm")"
else cat "$work/build.log"; fail "packaging/rpm/build.sh"; finish; fi

rpmlint -c packaging/rpm/rpmlint.toml "$rpm" >"$work/rpmlint.log" 2>&1
grep -E ': (E|W): ' "$work/rpmlint.log"
errors=$(sed -nE 's/.* ([0-9]+) errors?, ([0-9]+) warnings?.*/\1/p' "$work/rpmlint.log")
if [[ $errors == 0 ]]; then pass "rpmlint: no errors ($(grep -c ': W: ' "$work/rpmlint.log") warnings)"
else cat "$work/rpmlint.log"; fail "rpmlint reports ${errors:-?} errors"; fi

version=$(sed -nE 's:.*<Version>([^<]+)</Version>.*:\1:p' Directory.Build.props | head -n 1)
if [[ $(rpm -qp --qf '%{VERSION}' "$rpm" 2>/dev/null) == "$version" ]]; then pass "RPM version $version (Directory.Build.props)"
else fail "RPM version is not $version"; fi

# Paths the package says it has ("d" for directories), and what is really in a root.
spec_list() { rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$rpm" 2>/dev/null | sed -E 's/^(.).* /\1 /' | LC_ALL=C sort; }
root_list()
{
    (cd "$1" && find . -mindepth 1 \( -path ./var -o -path ./usr/lib/sysimage \) -prune -o -printf '%y %p\n') |
        sed -E 's:^f :- :; s:^l :l :; s: \./: /:' | LC_ALL=C sort
}
root=$work/root
mkdir -p "$root"
rpm --root "$root" --dbpath /var/lib/rpm --initdb
if rpm --root "$root" --dbpath /var/lib/rpm --nodeps -i "$rpm" 2>"$work/install.log"; then pass "rpm --root DIR --nodeps -i"
else cat "$work/install.log"; fail "rpm --root DIR --nodeps -i"; fi
# Directories the package does not own (/usr, /usr/share, ...) are created too; compare files and links.
spec_list | grep -v '^d' >"$work/spec"
root_list "$root" | grep -v '^d' >"$work/installed"
if diff -u "$work/spec" "$work/installed" >"$work/diff"; then pass "every file is where the spec says ($(wc -l <"$work/spec") files and links)"
else cat "$work/diff"; fail "installed files differ from the spec's"; fi
if [[ $("$root/usr/bin/dropwatch" --version) == "dropwatch $version "* ]]; then pass "the installed binary runs"
else fail "the installed binary does not run"; fi

rpm --root "$root" --dbpath /var/lib/rpm -e dropwatch 2>"$work/erase.log" || cat "$work/erase.log"
left=$(cd "$root" && find . -mindepth 1 \( -path ./var -o -path ./usr/lib/sysimage \) -prune -o -type f -print -o -type l -print)
if [[ -z $left ]]; then pass "rpm -e leaves no file behind"
else echo "$left"; fail "rpm -e left files"; fi

# The same installed files as the .deb, apart from each format's documentation and license places.
if deb=$(bash packaging/deb/build.sh --binary "$binary" --out "$work/deb" 2>"$work/deb.log" | tail -n 1) && [[ -f $deb ]]; then
    dpkg-deb -c "$deb" | awk '{ t = substr($1, 1, 1); p = $6; sub(/^\./, "", p); if (t != "d") print t, p }' |
        grep -v ' /usr/share/doc/' | LC_ALL=C sort >"$work/deb-files"
    grep -vE ' /usr/share/(doc|licenses)/' "$work/spec" >"$work/rpm-files"
    if diff -u "$work/deb-files" "$work/rpm-files" >"$work/diff"; then pass "the RPM and the .deb install the same $(wc -l <"$work/rpm-files") files and links"
    else cat "$work/diff"; fail "the RPM's file list differs from the .deb's"; fi
else cat "$work/deb.log"; fail "packaging/deb/build.sh (for the comparison)"; fi

finish
