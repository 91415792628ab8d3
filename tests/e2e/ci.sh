#!/usr/bin/env bash
# The whole VM stage as CI runs it: publish the NativeAOT binary, prepare the kernels and qemu
# (installing what is missing), then for each kernel boot once and run every scenario, side by
# side with Debian's dropwatch 1.5.4 where a scenario compares them.
#
# Kernel matrix: DROPWATCH_E2E_KERNELS (default "6.1 6.12"): Debian bookworm's default kernel
# and the newest 6.12 from bookworm-security, both resolved by setup.sh at run time. A failure
# on any kernel fails the stage. Per kernel: "e2e [LABEL]: N passed, M failed, K skipped (S s)";
# last line: "e2e: N passed, M failed, K skipped" summed over the kernels.
# Extra arguments go to every run.sh (e.g. scenario names).
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
read -r -a kernels <<<"${DROPWATCH_E2E_KERNELS:-6.1 6.12}"

echo "e2e: publishing the native binary"
dotnet publish src/DropWatch.Cli -c Release -o "$out" >"$out/publish.log" 2>&1 || {
    cat "$out/publish.log"; echo "e2e: 0 passed, 1 failed, 0 skipped"; exit 1; }

setup_args=(--with-upstream)
for k in "${kernels[@]}"; do setup_args+=(--kernel "$k"); done
t0=$(date +%s)
if ! bash tests/e2e/setup.sh "${setup_args[@]}"; then
    echo "e2e: setup failed"
    echo "e2e: 0 passed, 1 failed, 0 skipped"
    exit 1
fi
echo "e2e: setup took $(( $(date +%s) - t0 )) s"

P=0 F=0 S=0
lines=()
for k in "${kernels[@]}"; do
    echo "== e2e on kernel $k"
    t0=$(date +%s)
    bash tests/e2e/run.sh --kernel "$k" --binary "$out/dropwatch" --upstream "$@" 2>&1 | tee "$out/run-$k.log"
    rc=${PIPESTATUS[0]}
    secs=$(( $(date +%s) - t0 ))
    line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$out/run-$k.log" | tail -n1)
    if [ -n "$line" ]; then
        p=$(sed -E 's/^e2e: ([0-9]+) passed.*/\1/' <<<"$line")
        f=$(sed -E 's/^e2e: [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
        s=$(sed -nE 's/^e2e: [0-9]+ passed, [0-9]+ failed, ([0-9]+) skipped.*/\1/p' <<<"$line")
    else
        p=0 f=0 s=0
    fi
    # run.sh failing without a failed scenario (VM did not boot, usage error) still fails
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    P=$((P + p)) F=$((F + f)) S=$((S + ${s:-0}))
    lines+=("e2e [$k]: $p passed, $f failed, ${s:-0} skipped ($secs s: boot + scenarios)")
done
printf '%s\n' "${lines[@]}"
echo "e2e: $P passed, $F failed, $S skipped"
[ "$F" -eq 0 ]
