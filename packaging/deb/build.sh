#!/usr/bin/env bash
# Builds dropwatch_VERSION-1_ARCH.deb from the NativeAOT binary with dpkg-deb.
# Usage: packaging/deb/build.sh [--binary PATH] [--out DIR]
#   --binary  an already published binary (default: publish one now)
#   --out     where the .deb goes (default: artifacts/)
# Prints the path of the .deb on its last line.
set -euo pipefail
source "$(dirname "$0")/../common.sh"

build_inputs "$@"

revision=1
deb_version=$pkg_version-$revision
arch=$(dpkg --print-architecture)
# Staged where dpkg-shlibdeps expects a package's files (debian/PACKAGE).
root=$work/debian/$pkg_name
umask 022
stage_tree "$root" "$binary"

doc=$root/usr/share/doc/$pkg_name
# Machine-readable copyright (DEP-5), the license text from LICENSE.
{
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: dropwatch-cs"
    echo
    echo "Files: *"
    echo "Copyright: $(sed -nE 's/^Copyright \(c\) //p' "$repo/LICENSE" | head -n 1)"
    echo "License: Expat"
    # The license body, without its title and copyright lines; blank lines become " ."
    sed -e '1,/^Copyright/d' "$repo/LICENSE" | sed -e '/./,$!d' | sed -e 's/^$/./' -e 's/^/ /'
} >"$doc/copyright"
{
    echo "$pkg_name ($deb_version) unstable; urgency=medium"
    echo
    echo "  * Built from commit $("$binary" --version | sed -nE 's/.*\(commit ([^,]+),.*/\1/p')."
    echo "  * The differences from dropwatch 1.5 are listed in"
    echo "    /usr/share/doc/$pkg_name/README.md.gz."
    echo
    # The commit's date, so a rebuild of the same commit gives the same package.
    echo " -- $pkg_maintainer  $(git -C "$repo" log -1 --format=%aD 2>/dev/null || date -R)"
} | gzip -9n >"$doc/changelog.Debian.gz"
chmod 0644 "$doc/copyright" "$doc/changelog.Debian.gz"

# Depends from what the binary links (libc6 for libc, libm and the loader), as dpkg-shlibdeps
# computes it from the installed libraries' symbol files.
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$pkg_name" "$pkg_name" >"$work/debian/control"
# (Its "should already be installed in their package's directory" warning does not apply here.)
depends=$(cd "$work" && dpkg-shlibdeps -O "debian/$pkg_name/usr/bin/dropwatch" 2> >(grep -v 'should already be installed' >&2) |
    sed -n 's/^shlibs:Depends=//p')
[[ -n $depends ]] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }

install -d -m 0755 "$root/DEBIAN"
(cd "$root" && find usr -type f -printf '%P\n' | LC_ALL=C sort | sed 's:^:usr/:' | xargs md5sum) >"$root/DEBIAN/md5sums"
{
    echo "Package: $pkg_name"
    echo "Version: $deb_version"
    echo "Architecture: $arch"
    echo "Maintainer: $pkg_maintainer"
    echo "Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)"
    echo "Depends: $depends"
    echo "Section: net"
    echo "Priority: optional"
    echo "Description: $pkg_summary"
    sed -e 's/^$/./' -e 's/^/ /' <<<"$pkg_description"
} >"$root/DEBIAN/control"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb=$out/${pkg_name}_${deb_version}_$arch.deb
SOURCE_DATE_EPOCH=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s) \
    dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
