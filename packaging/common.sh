# Sourced by packaging/deb/build.sh and packaging/rpm/build.sh: what both packages share, and the
# one layout they install. The version is read from Directory.Build.props, the one place it is set.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pkg_name=dropwatch
pkg_version=$(sed -nE 's:.*<Version>([^<]+)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n 1)
pkg_maintainer="The dropwatch-cs authors <maintainers@users.noreply.r-seed-df4d26e2.example>"
pkg_summary="kernel dropped packet monitor (NET_DM and skb:kfree_skb)"
pkg_description="dropwatch asks the Linux kernel to report every packet it drops and
prints where in the kernel that happened, per location or per packet with the
drop reason. A drop-in replacement for dropwatch 1.5: the same prompt, commands
and output, plus a tracepoint fallback for kernels without NET_DM, JSON Lines
output and a session guard that never leaves the kernel monitoring. One native
binary (NativeAOT), no .NET runtime needed."

[[ -n $pkg_version ]] || { echo "no <Version> in $repo/Directory.Build.props" >&2; exit 1; }

# publish_binary DIR: the NativeAOT binary in DIR (published there unless --binary gave one).
publish_binary()
{
    dotnet publish "$repo/src/DropWatch.Cli" -c Release -o "$1" --nologo -v quiet >&2
}

# stage_tree ROOT BINARY: the installed files under ROOT (same paths for the .deb and the RPM).
stage_tree()
{
    local root=$1 binary=$2
    install -d -m 0755 "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" \
        "$root/usr/share/doc/$pkg_name"
    install -m 0755 "$binary" "$root/usr/bin/dropwatch"
    ln -s dropwatch "$root/usr/bin/dwdump"
    local page
    for page in dropwatch dwdump; do
        gzip -9n <"$repo/man/$page.1" >"$root/usr/share/man/man1/$page.1.gz"
        chmod 0644 "$root/usr/share/man/man1/$page.1.gz"
    done
    install -m 0644 "$repo/completion/dropwatch.bash" "$root/usr/share/bash-completion/completions/dropwatch"
    ln -s dropwatch "$root/usr/share/bash-completion/completions/dwdump"
    # The exporter's unit(s), installed but not enabled.
    local unit
    for unit in "$repo"/packaging/systemd/*.service; do
        [[ -e $unit ]] || continue
        install -d -m 0755 "$root/usr/lib/systemd/system"
        install -m 0644 "$unit" "$root/usr/lib/systemd/system/"
    done
    gzip -9n <"$repo/README.md" >"$root/usr/share/doc/$pkg_name/README.md.gz"
    chmod 0644 "$root/usr/share/doc/$pkg_name/README.md.gz"
}

# check_binary BINARY: the binary is the version this tree declares, and stripped.
check_binary()
{
    local binary=$1 line
    line=$("$binary" --version) || { echo "$binary --version failed" >&2; return 1; }
    [[ $line == "dropwatch $pkg_version "* ]] || { echo "$binary is '$line', the tree declares $pkg_version" >&2; return 1; }
    if file "$binary" | grep -q 'not stripped'; then
        echo "$binary is not stripped" >&2
        return 1
    fi
}

# build_inputs ARGS...: the options both build scripts take (--binary PATH, --out DIR); sets
# binary (published into a temporary work dir unless given, then checked), out and work (removed
# at exit).
build_inputs()
{
    binary=
    out=$repo/artifacts
    while [[ $# -gt 0 ]]; do
        case $1 in
            --binary) binary=$2; shift 2 ;;
            --out) out=$2; shift 2 ;;
            *) echo "usage: $0 [--binary PATH] [--out DIR]" >&2; exit 2 ;;
        esac
    done
    binary_in_work
}

# binary_in_work: makes the temporary work dir (removed at exit), publishes the binary into it
# unless $binary names one, and checks it. Shared by every packaging script.
binary_in_work()
{
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    if [[ -z $binary ]]; then
        publish_binary "$work/publish"
        binary=$work/publish/dropwatch
    fi
    check_binary "$binary"
}
