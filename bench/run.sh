#!/usr/bin/env bash
# Runs the performance suite: BenchmarkDotNet micro-benchmarks, then whole-binary figures (hyperfine,
# peak RSS) of the NativeAOT dropwatch. Figures and targets: bench/README.md.
#
#   bench/run.sh                 # everything: BenchmarkDotNet "short" job with 9 measured iterations
#   JOB=default ITERATIONS= bench/run.sh   # BenchmarkDotNet's full default job (slower, tighter intervals)
#   FILTER='*Lookup*' bench/run.sh --no-binary   # one benchmark class, skip the binary figures
#   bench/run.sh --no-bdn        # binary figures only
#
# Needs: root (to read /proc/kallsyms addresses), the .NET SDK, hyperfine and GNU time
# (apt-get install -y hyperfine time). Results land in $OUT (default /tmp/dropwatch-bench).
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/dropwatch-bench}
JOB=${JOB:-short}
ITERATIONS=${ITERATIONS-9}
FILTER=${FILTER:-*}
BIN_DIR=${BIN_DIR:-/tmp/bench-out}
PROBE_DIR=${PROBE_DIR:-/tmp/bench-loadonce}
run_bdn=1 run_binary=1
for arg in "$@"; do
  case $arg in
    --no-bdn) run_bdn=0 ;;
    --no-binary) run_binary=0 ;;
    *) echo "usage: $0 [--no-bdn] [--no-binary]" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"

note_load() { echo "== $1: $(date -u +%FT%TZ) $(uptime)" | tee -a "$OUT/load.txt"; }

if ! awk '$1 !~ /^0+$/ { found = 1; exit } END { exit !found }' /proc/kallsyms; then
  echo "/proc/kallsyms addresses are hidden: run as root (and kernel.kptr_restrict < 2)" >&2
  exit 1
fi

if (( run_bdn )); then
  note_load "BenchmarkDotNet start"
  dotnet run -c Release --project bench/DropWatch.Benchmarks -- \
    --filter "$FILTER" --job "$JOB" ${ITERATIONS:+--iterationCount "$ITERATIONS"} \
    --artifacts "$OUT/bdn" --exporters github
  note_load "BenchmarkDotNet end"
  echo "BenchmarkDotNet reports: $OUT/bdn/results/*-report-github.md"
fi

if (( run_binary )); then
  command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install -y hyperfine" >&2; exit 1; }
  [[ -x /usr/bin/time ]] || { echo "GNU time missing: apt-get install -y time" >&2; exit 1; }

  dotnet publish src/DropWatch.Cli -c Release -o "$BIN_DIR" --nologo -v quiet
  dotnet publish bench/LoadOnce -c Release -o "$PROBE_DIR" --nologo -v quiet
  dw="$BIN_DIR/dropwatch" probe="$PROBE_DIR/load-once"
  cp /proc/kallsyms "$OUT/kallsyms.copy"
  # System.map format: core symbols only (no "\t[module]"), sorted by address (fixed-width hex).
  grep -v $'\t' /proc/kallsyms | LC_ALL=C sort -s -k1,1 > "$OUT/System.map"

  note_load "hyperfine start"
  # The kernel's own time to generate /proc/kallsyms: a floor under any kallsyms load.
  hyperfine -N --warmup 3 --export-markdown "$OUT/hyperfine-proc-read.md" \
    'dd if=/proc/kallsyms of=/dev/null bs=1M' "dd if=$OUT/kallsyms.copy of=/dev/null bs=1M"
  hyperfine -N --warmup 3 --export-markdown "$OUT/hyperfine-list.md" "$dw -l list"
  # No NET_DM on the host: this is start-up to the NET_DM failure (dropwatch checks NET_DM before it
  # loads symbols). The start-to-prompt figure with symbols comes from the VM harness.
  hyperfine --warmup 3 -i --export-markdown "$OUT/hyperfine-kas-netdm-failure.md" "echo exit | $dw -l kas"
  # One cold symbol-table load in a fresh NativeAOT process (process start + load + exit).
  hyperfine -N --warmup 3 --export-markdown "$OUT/hyperfine-load-once.md" \
    "$probe kallsyms /proc/kallsyms" "$probe kallsyms $OUT/kallsyms.copy" "$probe sysmap $OUT/System.map"
  note_load "hyperfine end"

  rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2 " KiB"}'; }
  {
    echo "peak RSS, dropwatch -l list:                    $(rss "$dw" -l list)"
    echo "peak RSS, echo exit | dropwatch -l kas (NET_DM failure): $(echo exit | /usr/bin/time -v "$dw" -l kas 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2 " KiB"}')"
    echo "peak RSS, load-once kallsyms /proc/kallsyms:    $(rss "$probe" kallsyms /proc/kallsyms)"
    echo "peak RSS, load-once sysmap System.map:          $(rss "$probe" sysmap "$OUT/System.map")"
  } | tee "$OUT/rss.txt"
fi
