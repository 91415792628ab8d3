#!/usr/bin/env bash
# Seeded-mutation fuzz campaign over every decoder, loader and client request/reply path
# (tests/DropWatch.Fuzz). Prints one line per target, the totals, and "fuzz: N passed, M failed"
# (one per target: failed = any crash, broken invariant or input slower than 1 s). Findings are
# saved under the crash directory; once fixed, copy the .bin into tests/fixtures/fuzz/TARGET/.
#   scripts/fuzz.sh                         the CI run: 1,200,000 inputs, seed 1
#   scripts/fuzz.sh --inputs 50000000 --seed 7   a longer run (about 70 min on the 2-core machine)
#   scripts/fuzz.sh --target alert          one target only
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build_log=$(mktemp)
if ! dotnet build tests/DropWatch.Fuzz -c Release -nologo >"$build_log" 2>&1; then
  grep -E 'error|warn' "$build_log" | sort -u | head -n 20
  rm -f "$build_log"
  echo "fuzz: build failed"
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi
rm -f "$build_log"
exec dotnet tests/DropWatch.Fuzz/bin/Release/net10.0/DropWatch.Fuzz.dll --crash-dir artifacts/fuzz-findings "$@"
