#!/usr/bin/env bash
# The whole VM stage as CI runs it: publish the NativeAOT binary, prepare the kernel and qemu
# (installing what is missing), then boot once and run every scenario, side by side with
# Debian's dropwatch 1.5.4 where a scenario compares them. Ends with "e2e: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "e2e: publishing the native binary"
dotnet publish src/DropWatch.Cli -c Release -o "$out" >"$out/publish.log" 2>&1 || {
    cat "$out/publish.log"; echo "e2e: 0 passed, 1 failed"; exit 1; }

bash tests/e2e/setup.sh --with-upstream
exec bash tests/e2e/run.sh --binary "$out/dropwatch" --upstream "$@"
