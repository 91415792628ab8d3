#!/bin/bash
# Per-event CPU of dropwatch (tracepoint, packet mode, JSON to /dev/null) with and without --stack,
# and the sender's CPU (which pays the kernel's callchain unwinding in its softirq).
D=${DW:-out/dropwatch}; N=${N:-100000}
# dropgen: gcc -O2 -o /tmp/dropgen tests/e2e/dropgen.c
DROPGEN=${DROPGEN:-/tmp/dropgen}
for mode in "" "--stack"; do
  rm -f /tmp/dw-stackcost.in; mkfifo /tmp/dw-stackcost.in
  $D --source tracepoint --format json $mode -l kas </tmp/dw-stackcost.in >/tmp/dw-stackcost.json 2>/tmp/dw-stackcost.err &
  pid=$!
  exec 8>/tmp/dw-stackcost.in
  printf 'set alertmode packet\nstart\n' >&8
  sleep 3
  t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  s=$( { /usr/bin/time -f "%U %S" $DROPGEN udp 9 $N >/dev/null; } 2>&1 )
  sleep 3
  t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  kill -INT $pid; sleep 1; printf 'exit\n' >&8; exec 8>&-; wait $pid
  recs=$(grep -c '"type":"packet"' /tmp/dw-stackcost.json)
  lost=$(grep '"type":"loss"' /tmp/dw-stackcost.json | tr '\n' ' ')
  echo "mode='${mode:-none}' sent=$N packets_written=$recs dropwatch_ticks=$((t1-t0)) ($(( (t1-t0)*10000000/ (recs>0?recs:1) )) ns/event) sender_user_sys_s=$s $lost"
done
