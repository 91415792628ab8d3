#!/usr/bin/env bash
# Builds the container image localhost/dropwatch:VERSION (and :latest) from the NativeAOT binary:
# stages rootfs/ (the binary, the dwdump link, the libraries ldd lists, empty mount points) next
# to the Containerfile in a temporary context and runs podman build (or docker build).
# Usage: packaging/container/build.sh [--binary PATH] [--tag NAME]
#   PODMAN="podman --storage-driver vfs" selects the builder (default: podman, else docker).
# Prints the image name on its last line.
set -euo pipefail
source "$(dirname "$0")/../common.sh"

binary=
tag=localhost/dropwatch:$pkg_version
while [[ $# -gt 0 ]]; do
    case $1 in
        --binary) binary=$2; shift 2 ;;
        --tag) tag=$2; shift 2 ;;
        *) echo "usage: $0 [--binary PATH] [--tag NAME]" >&2; exit 2 ;;
    esac
done
builder=${PODMAN:-$(command -v podman || command -v docker)}

binary_in_work

rootfs=$work/context/rootfs
umask 022
install -d -m 0755 "$rootfs/usr/bin" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
install -m 0755 "$binary" "$rootfs/usr/bin/dropwatch"
ln -s dropwatch "$rootfs/usr/bin/dwdump"
# Every library the loader maps, at the path it looks for it (the loader itself included).
while read -r path; do
    install -D -m 0755 "$(readlink -f "$path")" "$rootfs$path"
done < <(ldd "$binary" | grep -oE '(^|[[:space:]])/[^ ]+' | tr -d ' \t')
cp "$(dirname "$0")/Containerfile" "$work/context/"

$builder build --quiet -t "$tag" -f "$work/context/Containerfile" "$work/context" >&2
echo "$tag"
