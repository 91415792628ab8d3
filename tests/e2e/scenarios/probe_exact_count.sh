# e2e-title: summary counts at the UDP receive PC add up to exactly the datagrams sent (nlprobe)
# e2e-requires: none
# e2e-module: load
# e2e-timeout: 60
N=500
nlprobe listen 6 >listen.txt 2>&1 &
pid=$!
wait_for listen.txt '^@@LISTENING' 10 || { show listen.txt; fail "nlprobe did not start"; }
dropgen udp 9 $N
wait $pid; rc=$?
[ "$rc" = 0 ] || { show listen.txt; fail "nlprobe listen exit $rc"; }
grep '^@@PC ' listen.txt | awk '{print $2}' | sort -u | while read pc; do
    echo "$pc $(kallsyms_lookup "$pc")"
done >pcs.txt
show pcs.txt "PCs"
udp_pcs=$(awk '$2 ~ /udp/ {print $1}' pcs.txt)
[ -n "$udp_pcs" ] || fail "no PC resolved to a udp function"
sum=0
for pc in $udp_pcs; do
    c=$(awk -v p="$pc" '$1 == "@@PC" && $2 == p {s += $3} END {print s + 0}' listen.txt)
    sum=$((sum + c))
done
note "sum of counts at udp PCs: $sum (sent $N)"
[ "$sum" = "$N" ] || fail "count at udp PCs is $sum, expected $N"
