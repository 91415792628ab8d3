#!/usr/bin/env bash
# The container stage of scripts/test-all.sh. podman builds the image here but cannot run
# containers (the runtime is refused setrlimit), so the image is mounted and its binary run with
# chroot: --version, -l list, and a tracepoint session that counts real UDP drops on this
# machine's kernel (the image's /proc and /sys are bind mounts of the host's).
# Ends with "container: N passed, M failed".
# Usage: tests/packaging/container.sh [--binary PATH]   (default: publish the NativeAOT binary)
set -uo pipefail
cd "$(dirname "$0")/../.."

binary=
[[ ${1:-} == --binary ]] && binary=$2
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
work=$(mktemp -d)
podman=(podman --storage-driver vfs)
tag=localhost/dropwatch-ci:$$
mnt=
cleanup()
{
    if [[ -n $mnt ]]; then
        umount -R "$mnt/sys" 2>/dev/null
        umount "$mnt/proc" 2>/dev/null
        "${podman[@]}" image unmount "$tag" >/dev/null 2>&1
    fi
    "${podman[@]}" rmi -f "$tag" >/dev/null 2>&1
    rm -rf "$work"
}
finish() { cleanup; trap - EXIT; echo "container: $passed passed, $failed failed"; [[ $failed -eq 0 ]]; exit; }
trap cleanup EXIT

if ! command -v podman >/dev/null; then
    echo "container: installing podman"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman >/dev/null
fi
if [[ -z $binary ]]; then
    echo "container: publishing the native binary"
    if ! dotnet publish src/DropWatch.Cli -c Release -o "$work/publish" --nologo -v quiet >"$work/publish.log" 2>&1; then
        cat "$work/publish.log"; fail "publish"; finish
    fi
    binary=$work/publish/dropwatch
fi

if PODMAN="${podman[*]}" bash packaging/container/build.sh --binary "$binary" --tag "$tag" >"$work/build.log" 2>&1; then
    size=$("${podman[@]}" image inspect --format '{{.Size}}' "$tag")
    pass "podman build of packaging/container/Containerfile: $tag, $((size / 1024)) KiB"
else cat "$work/build.log"; fail "podman build"; finish; fi

entry=$("${podman[@]}" image inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' "$tag")
if [[ $entry == '["/usr/bin/dropwatch"] ["-l","kas"]' ]]; then pass "ENTRYPOINT /usr/bin/dropwatch, CMD -l kas"
else fail "entrypoint/cmd are $entry"; fi

if ! mnt=$("${podman[@]}" image mount "$tag" 2>"$work/mount.log"); then
    cat "$work/mount.log"; mnt=; fail "podman image mount"; finish
fi
version=$(chroot "$mnt" /usr/bin/dropwatch --version 2>&1)
if [[ $version == "dropwatch "*NativeAOT* ]]; then pass "chroot IMAGE dropwatch --version: $version"
else fail "chroot IMAGE dropwatch --version: '$version'"; fi
list=$(chroot "$mnt" /usr/bin/dropwatch -l list 2>&1)
if [[ $list == "Available lookup methods:"*kas* ]]; then pass "chroot IMAGE dropwatch -l list"
else fail "chroot IMAGE dropwatch -l list: '$list'"; fi

# A packet-mode session on the tracepoint: 20 drops of UDP datagrams sent to a closed port.
mount --bind /proc "$mnt/proc" && mount --rbind /sys "$mnt/sys" && mount --make-rslave "$mnt/sys"
port=$((40000 + RANDOM % 20000))
printf 'set alertmode packet\nset alertlimit 20\nstart\n' |
    timeout 90 chroot "$mnt" /usr/bin/dropwatch --source tracepoint -l kas >"$work/session.out" 2>"$work/session.err" &
session=$!
for _ in $(seq 1 600); do
    kill -0 "$session" 2>/dev/null || break
    for _ in 1 2 3 4 5; do printf x 2>/dev/null >"/dev/udp/127.0.0.1/$port"; done
    sleep 0.1
done
wait "$session"
rc=$?
blocks=$(grep -c '^drop at: ' "$work/session.out")
udp=$(grep -c '^drop at: .*udp' "$work/session.out")
if [[ $rc -eq 0 && $blocks -eq 20 && $udp -ge 1 ]] && grep -q '^Got a stop message' "$work/session.out"; then
    pass "tracepoint session in the image: 20 packet blocks ($udp at a UDP receive function), exit 0"
else
    cat "$work/session.out" "$work/session.err" | tail -n 30
    fail "tracepoint session in the image: exit $rc, $blocks blocks, $udp at UDP"
fi
finish
