# e2e-title: hardware-only summary (set sw false, set hw true) from netdevsim traps: the lines upstream 1.5.4 prints in the same boot
# e2e-requires: dropwatch upstream
# e2e-kernel: netdevsim
# e2e-module: load
# e2e-timeout: 120
need_dropwatch
UP=/bin/dropwatch-upstream
nsim_up
nsim_trap trap blackhole_route
# software drops all along: with "set sw false" + "set hw true" none may be reported
( while ! [ -e gen.stop ]; do dropgen udp 9 5 >/dev/null; sleep 0.3; done ) &
gen=$!
# Every hardware summary message holds the 3 traps (below), so alert limit 3 ends exactly at
# the end of the first message, for both: upstream prints the rest of the message after the
# limit, ours exactly N records (README "Differences from upstream", 4); limit 3 shows neither.
IN='set sw false\nset hw true\nset alertlimit 3\nstart\nexit\n'
hw_session up "$UP" "$IN"
hw_session dw "$DW" "$IN"
touch gen.stop; wait $gen
hw_compare "hardware summary"
[ "$(cat dw.rc)" = 0 ] || fail "exit status $(cat dw.rc)"
expect_line dw.out '^(dropwatch> )*setting software drops monitoring to 0$' "no 'setting software drops monitoring to 0'"
expect_line dw.out '^(dropwatch> )*setting hardware drops monitoring to 1$' "no 'setting hardware drops monitoring to 1'"
expect_line dw.out '^Kernel monitoring activated\.$' "monitoring not activated"
# every tick reports fid_miss, blackhole_route and ttl_value_is_too_small once, atomically, and
# a kernel batch starts at a tick: the first message has the three traps with one count
for t in fid_miss blackhole_route ttl_value_is_too_small; do
    expect_line dw.out "^[1-9][0-9]* drops at $t \\[hardware\\]\$" "no '<n> drops at $t [hardware]' line"
done
n=$(grep -Ec '^[0-9]+ drops at [a-z0-9_]+ \[hardware\]$' dw.out)
[ "$n" = 3 ] || fail "expected the 3 entries of one hardware summary message, got $n"
counts=$(sed -n 's/^\([0-9]*\) drops at .* \[hardware\]$/\1/p' dw.out | sort -u | wc -l)
# (one vCPU, the default: a tick cannot interleave with the kernel's batch flush)
[ "$(nproc)" != 1 ] || [ "$counts" = 1 ] || fail "the three traps of one batch have different counts: $(grep -E 'drops at .*\[hardware\]' dw.out | tr '\n' ' ')"
expect_no_line dw.out '\[software\]$' "software drops printed although 'set sw false' + 'set hw true'"
expect_no_line dw.out 'drops at location' "a hardware entry printed as a software location"
expect_line dw.out '^Alert limit reached, deactivating!$' "no 'Alert limit reached, deactivating!'"
expect_line dw.out 'Got a stop message' "no 'Got a stop message'"
# the alert limit's STOP ends hardware monitoring (drop_monitor holds no reference any more)
dm_monitoring && fail "the kernel still monitors after the alert limit and exit"
true
