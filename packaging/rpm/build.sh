#!/usr/bin/env bash
# Builds dropwatch-VERSION-1.x86_64.rpm from the NativeAOT binary with rpmbuild: the same files
# and paths as the .deb (packaging/common.sh), the version from Directory.Build.props.
# Usage: packaging/rpm/build.sh [--binary PATH] [--out DIR]
#   --binary  an already published binary (default: publish one now)
#   --out     where the .rpm goes (default: artifacts/)
# Prints the path of the .rpm on its last line.
set -euo pipefail
source "$(dirname "$0")/../common.sh"

build_inputs "$@"

umask 022
tree=$work/tree
stage_tree "$tree" "$binary"
# RPM keeps the license under /usr/share/licenses (%license) and the README uncompressed (%doc).
rm -rf "$tree/usr/share/doc"
cp "$repo/LICENSE" "$repo/README.md" "$tree/"

top=$work/rpmbuild
mkdir -p "$top/SOURCES" "$top/SPECS"
tar -C "$tree" --owner=0 --group=0 -cf "$top/SOURCES/dropwatch-$pkg_version-tree.tar" .

units=
for unit in "$tree"/usr/lib/systemd/system/*.service; do
    [[ -e $unit ]] || continue
    units+="%config(noreplace) /usr/lib/systemd/system/$(basename "$unit")"$'\n'
done
[[ -z $units ]] || units="%dir /usr/lib/systemd"$'\n'"%dir /usr/lib/systemd/system"$'\n'"$units"
commit=$("$binary" --version | sed -nE 's/.*\(commit ([^,]+),.*/\1/p')
when=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)
spec=$(<"$repo/packaging/rpm/dropwatch.spec.in")
spec=${spec//@VERSION@/$pkg_version}
spec=${spec//@DESCRIPTION@/$pkg_description}
spec=${spec//@UNITS@/$units}
spec=${spec//@COMMIT@/$commit}
spec=${spec//@MAINTAINER@/$pkg_maintainer}
spec=${spec//@DATE@/$(LC_ALL=C date -u -d "@$when" '+%a %b %d %Y')}
printf '%s\n' "$spec" >"$top/SPECS/dropwatch.spec"

SOURCE_DATE_EPOCH=$when rpmbuild --quiet --define "_topdir $top" --target x86_64 -bb "$top/SPECS/dropwatch.spec" >&2
mkdir -p "$out"
rpm=$(find "$top/RPMS" -name "dropwatch-$pkg_version-1.*.rpm" | head -n 1)
[[ -n $rpm ]] || { echo "rpmbuild produced no package" >&2; exit 1; }
cp "$rpm" "$out/"
echo "$out/$(basename "$rpm")"
