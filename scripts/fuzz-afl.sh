#!/usr/bin/env bash
# Coverage-guided fuzzing of one target with AFL++ (Debian's afl++) and SharpFuzz, for longer runs than
# CI's seeded campaign. Instruments a copy of the DropWatch assemblies, starts from the target's seeds,
# and runs afl-fuzz for SECONDS (default 600). Findings: artifacts/afl/TARGET/out/default/crashes/;
# replay one with: scripts/fuzz.sh --target TARGET --replay FILE
#   scripts/fuzz-afl.sh alert 3600
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz-afl.sh TARGET [SECONDS]}
seconds=${2:-600}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v afl-fuzz >/dev/null || apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends afl++
tools=artifacts/afl/tools
[ -x "$tools/sharpfuzz" ] || dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0

work=artifacts/afl/$target
rm -rf "$work/bin" "$work/in"
dotnet build tests/DropWatch.Fuzz -c Release -nologo -v quiet -o "$work/bin"
# Only our assemblies carry coverage: the runtime and test helpers would only add noise.
for dll in DropWatch.Netlink.dll DropWatch.Core.dll; do "$tools/sharpfuzz" "$work/bin/$dll"; done
dotnet "$work/bin/DropWatch.Fuzz.dll" --write-seeds "$target" "$work/in"

# dotnet is not an AFL-instrumented binary (SharpFuzz reports coverage through AFL's shared memory itself);
# the core_pattern and CPU-governor checks concern the host, not the harness.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1
exec afl-fuzz -i "$work/in" -o "$work/out" -t 5000 -m none -V "$seconds" -- dotnet "$work/bin/DropWatch.Fuzz.dll" --afl "$target"
