#!/usr/bin/env bash
# Runs every test stage and ends with one line "N passed, M failed" (the sum over stages).
#   unit   : dotnet test over the solution (netlink, core, readline, cli; no kernel needed)
#   host   : included in unit — the tracepoint tests use this machine's real kernel (root)
#   fuzz   : scripts/fuzz.sh, 1.2 million mutated inputs through every decoder and loader; one test
#            per fuzz target (failed: a crash, a broken invariant or an input slower than 1 s)
#   deb    : tests/packaging/deb.sh — man pages lint clean, bash completion, the .deb built,
#            lintian-clean, installed into a clean Debian root (debootstrap, cached), run, purged
#   rpm    : tests/packaging/rpm.sh — the RPM built, rpmlint-clean, installed into and erased from
#            an empty root, same files as the .deb
#   container: tests/packaging/container.sh — the FROM-scratch image built with podman, its binary
#            run under chroot (--version, -l list, a tracepoint session counting real drops)
#   e2e    : boots Debian kernels (6.1 and 6.12) with NET_DM under qemu and runs the published
#            binary in each; its last line sums both kernels (tests/e2e/ci.sh)
# Usage: scripts/test-all.sh [--no-e2e] [--no-fuzz] [--no-packaging]
set -uo pipefail
cd "$(dirname "$0")/.."

run_e2e=1
run_fuzz=1
run_packaging=1
for arg in "$@"; do
  case "$arg" in
    --no-e2e) run_e2e=0 ;;
    --no-fuzz) run_fuzz=0 ;;
    --no-packaging) run_packaging=0 ;;
  esac
done

passed=0
failed=0
skipped=0
status=0
log=$(mktemp)

# The exporter's host test scrapes with a real Prometheus server and checks pages with promtool
# (Debian's prometheus package); install it when missing so that test runs, not skips.
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 ||
    { apt-get -o DPkg::Lock::Timeout=900 update -qq && apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends prometheus >/dev/null; } ||
    echo "could not install prometheus: the exporter's Prometheus test will be skipped"
fi

echo "== unit and host tests"
# Build in parallel, then run the test assemblies one at a time (-m:1): the host-kernel tests of
# Core and Cli both use this machine's one kernel (drop counts at the UDP receive function), so
# two assemblies running at once see each other's drops.
{ dotnet build DropWatch.sln -c Release && dotnet test DropWatch.sln -c Release --no-build -m:1; } 2>&1 | tee "$log"
unit_rc=${PIPESTATUS[0]}
# One summary line per test assembly: "Passed!  - Failed:     0, Passed:    18, Skipped: ..."
while read -r f p s; do
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done < <(sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+),.*/\2 \3 \4/p' "$log")
if [ "$unit_rc" -ne 0 ]; then
  status=1
  # A build failure runs no test at all: count it as a failure so it is never silent.
  grep -qE '(Passed|Failed)! +- Failed' "$log" || failed=$((failed + 1))
fi

if [ "$run_fuzz" = 1 ]; then
  echo "== fuzz (seeded mutation over every decoder and loader)"
  bash scripts/fuzz.sh 2>&1 | tee "$log"
  fuzz_rc=${PIPESTATUS[0]}
  line=$(grep -E '^fuzz: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  f=0
  if [ -n "$line" ]; then
    p=$(sed -E 's/^fuzz: ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<<"$line")
    f=$(sed -E 's/^fuzz: ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f))
  else
    # A hang (the watchdog ends the run) or a crash of the driver itself prints no tally.
    failed=$((failed + 1))
  fi
  if [ "$fuzz_rc" -ne 0 ]; then
    status=1
    [ -n "$line" ] && [ "$f" -eq 0 ] && failed=$((failed + 1))
  fi
fi

if [ "$run_packaging" = 1 ]; then
  # Three stages on one published binary; each ends with "NAME: N passed, M failed".
  pkg_out=$(mktemp -d)
  echo "== packaging: publishing the native binary"
  dotnet publish src/DropWatch.Cli -c Release -o "$pkg_out" --nologo -v quiet 2>&1 | tail -n 20
  for stage in deb rpm container; do
    script=tests/packaging/$stage.sh
    echo "== $stage ($script)"
    bash "$script" --binary "$pkg_out/dropwatch" 2>&1 | tee "$log"
    stage_rc=${PIPESTATUS[0]}
    line=$(grep -E "^$stage: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
    f=0
    if [ -n "$line" ]; then
      p=$(sed -E "s/^$stage: ([0-9]+) passed, ([0-9]+) failed.*/\1/" <<<"$line")
      f=$(sed -E "s/^$stage: ([0-9]+) passed, ([0-9]+) failed.*/\2/" <<<"$line")
      passed=$((passed + p)); failed=$((failed + f))
    else
      failed=$((failed + 1))
    fi
    if [ "$stage_rc" -ne 0 ]; then
      status=1
      [ -n "$line" ] && [ "$f" -eq 0 ] && failed=$((failed + 1))
    fi
  done
  rm -rf "$pkg_out"
fi

if [ "$run_e2e" = 1 ]; then
  echo "== e2e (real kernel under qemu)"
  bash tests/e2e/ci.sh 2>&1 | tee "$log"
  e2e_rc=${PIPESTATUS[0]}
  line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    p=$(sed -E 's/^e2e: ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<<"$line")
    f=$(sed -E 's/^e2e: ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
    s=$(sed -nE 's/^e2e: [0-9]+ passed, [0-9]+ failed, ([0-9]+) skipped.*/\1/p' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
  else
    failed=$((failed + 1))
  fi
  if [ "$e2e_rc" -ne 0 ]; then
    status=1
    # The VM stage failing without a failed scenario (VM did not boot, build failed) is still a failure.
    [ -n "$line" ] && [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
  fi
fi

rm -f "$log"
# Skipped: the opt-in throughput measurements (DROPWATCH_MEASURE=1) and e2e scenarios whose
# kernel feature the booted kernel lacks.
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
exit $status
