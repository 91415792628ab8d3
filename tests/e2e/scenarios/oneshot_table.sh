# e2e-title: one-shot --start --table prints the drop table after the records on stdout, with counts equal to the drops sent; --start --top off a terminal prints tables and the final one; --table-process is refused on NET_DM
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 120
U=80
need_dropwatch
REC_RE='^[0-9]+ drops at .*\[software\]$'

# --start --table, summary mode: records, then the table, both on stdout.
sigdfl "$DW" -l null --start --duration 6s --table >tab.out 2>tab.err &
pid=$!
sleep 2
dropgen udp 9 $U >/dev/null || fail "dropgen udp failed"
wait_exit "$pid" 30 || { kill -KILL "$pid"; fail "--start --table did not end at its duration"; }
wait "$pid"; rc=$?
show tab.out stdout; show tab.err stderr
[ "$rc" = 0 ] || fail "--start --table: exit status $rc"
grep -q '^Drops by location and reason (NET_DM, summary mode' tab.out || fail "--start --table: no table on stdout"
# Only records before the table.
sed '/^Drops by location/,$d' tab.out | grep -Ev "$REC_RE" && fail "--start --table: stdout has other lines before the table"
recs=$(sed '/^Drops by location/,$d' tab.out | awk '{s += $1} END {print s + 0}')
total=$(awk '$NF == "total" {print $1}' tab.out)
note "records sum $recs, table total $total (sent $U)"
[ "$total" = "$recs" ] || fail "table total $total differs from the records' sum $recs"
[ "$total" -ge "$U" ] || fail "table total $total, expected at least the $U drops sent"
grep -q '^Lost: none$' tab.out || fail "--start --table: no loss line under the table"

# --start --top, stdout not a terminal: plain tables, no records, the final table last.
sigdfl "$DW" -l null --start --duration 5s --top >top.out 2>top.err </dev/null &
pid=$!
sleep 2
dropgen udp 9 $U >/dev/null || fail "dropgen udp failed"
wait_exit "$pid" 30 || { kill -KILL "$pid"; fail "--start --top did not end at its duration"; }
wait "$pid"; rc=$?
show top.err stderr
[ "$rc" = 0 ] || fail "--start --top: exit status $rc"
grep -Eq "$REC_RE" top.out && fail "--start --top: records printed under the view"
[ "$(grep -c '^Drops by location' top.out)" -ge 2 ] || { show top.out; fail "--start --top: fewer than two tables"; }
last=$(awk '/^Drops by location/ {n = NR} END {print n}' top.out)
ftotal=$(tail -n +"$last" top.out | awk '$NF == "total" {print $1}')
note "--start --top final total $ftotal (sent $U)"
[ "$ftotal" -ge "$U" ] || { show top.out; fail "--start --top: final table total $ftotal, expected at least $U"; }

# --table-process: NET_DM has no process; refused before monitoring.
"$DW" -l null --table-process --start --duration 1s >tp.out 2>tp.err; rc=$?
show tp.err stderr
[ "$rc" = 1 ] || fail "--table-process on NET_DM: exit status $rc, expected 1"
grep -q 'table-process needs the tracepoint source' tp.err || fail "--table-process on NET_DM: no clear message"
if [ -s tp.out ]; then show tp.out; fail "--table-process on NET_DM: something on stdout"; fi
