# e2e-title: what NET_DM refuses to uid 65534 on this kernel (CAP_NET_ADMIN / CAP_SYS_ADMIN checks)
# e2e-requires: none
# e2e-module: load
# e2e-timeout: 30
runas 65534 nlprobe privcheck >priv.txt 2>&1; rc=$?
show priv.txt
[ "$rc" = 0 ] || fail "privcheck exit $rc"
grep '^@@FIXTURE' priv.txt
expect_line priv.txt '^@@PRIV uid=65534' "did not run as 65534"
# This Debian 6.1 kernel carries the Dec-2023 fix (mainline 6.7, stable 6.1.68):
# group join needs CAP_SYS_ADMIN, START/CONFIG need CAP_NET_ADMIN, the GETs are open.
expect_line priv.txt '^@@PRIV config_get ok' "CONFIG_GET should be unprivileged"
expect_line priv.txt '^@@PRIV stats_get ok' "STATS_GET should be unprivileged"
expect_line priv.txt '^@@PRIV join_group Operation not permitted' "group join should be EPERM"
expect_line priv.txt '^@@PRIV start Operation not permitted' "START should be EPERM"
expect_line priv.txt '^@@PRIV config Operation not permitted' "CONFIG should be EPERM"
