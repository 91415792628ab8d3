# e2e-title: as uid 65534: clear message naming the missing capability, non-zero exit, no hang
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 40
need_dropwatch
printf 'start\nexit\n' | timeout 20 runas 65534 "$DW" -l kas >out.txt 2>err.txt
rc=$?
cat out.txt err.txt >all.txt
show out.txt stdout; show err.txt stderr
[ "$rc" = 124 ] && fail "timed out (20 s) as an unprivileged user"
[ "$rc" != 0 ] || fail "exit status 0 as an unprivileged user"
grep -Eqi 'CAP_SYS_ADMIN|CAP_NET_ADMIN' all.txt || fail "no message naming CAP_SYS_ADMIN or CAP_NET_ADMIN"
nlprobe start >probe.txt 2>&1 || { show probe.txt; fail "kernel left monitoring / START refused after the unprivileged run"; }
nlprobe stop >/dev/null 2>&1
