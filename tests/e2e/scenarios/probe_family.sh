# e2e-title: drop_monitor.ko loads and NET_DM resolves with an "events" group
# e2e-requires: none
# e2e-module: load
# e2e-timeout: 30
grep -q '^drop_monitor ' /proc/modules || fail "drop_monitor not loaded"
nlprobe family NET_DM >out.txt 2>&1 || { show out.txt; fail "GETFAMILY NET_DM failed"; }
show out.txt
expect_line out.txt 'str="NET_DM"' "reply lacks the family name"
expect_line out.txt "str=\"events\"" "reply lacks the events group"
expect_line out.txt "events group 1\$" "events group id is not 1"
