# e2e-title: the guest's System.map agrees with /proc/kallsyms (symbol offsets from _text)
# e2e-requires: none
# e2e-module: load
# e2e-timeout: 60
kind=$(cat /boot/System.map.kind)
note "System.map kind: $kind ($SYSTEM_MAP)"
[ -s "$SYSTEM_MAP" ] || fail "no System.map in the guest"
grep -q 'The real System.map is in' "$SYSTEM_MAP" && fail "System.map is Debian's stub"
kt=$(awk '$3 == "_text" {print $1; exit}' /proc/kallsyms)
mt=$(awk '$3 == "_text" {print $1; exit}' "$SYSTEM_MAP")
note "_text: kallsyms $kt, System.map $mt"
# same symbol -> same distance from _text in both (core kernel only); one awk pass per file
# the function behind kfree_skb(): kfree_skb_reason up to 6.10; from 6.11 that is an inline
# wrapper of sk_skb_reason_drop (no kfree_skb_reason symbol on Debian's 6.12). Both are picked
# in the one pass over each file (reading /proc/kallsyms takes seconds under TCG).
syms="__udp4_lib_rcv udp_rcv kfree_skb_reason sk_skb_reason_drop tcp_v4_rcv net_rx_action"
pick() { awk -v list=" $syms " 'index(list, " " $3 " ") && NF == 3 && !seen[$3]++ {print $3, $1}' "$1" | sort; }
pick /proc/kallsyms >k.txt
pick "$SYSTEM_MAP" >m.txt
free_fn=kfree_skb_reason
grep -q '^kfree_skb_reason ' k.txt || free_fn=sk_skb_reason_drop
note "skb free function: $free_fn"
for sym in $(echo "$syms" | sed "s/kfree_skb_reason sk_skb_reason_drop/$free_fn/"); do
    k=$(awk -v s="$sym" '$1 == s {print $2}' k.txt)
    m=$(awk -v s="$sym" '$1 == s {print $2}' m.txt)
    [ -n "$k" ] && [ -n "$m" ] || fail "$sym missing (kallsyms '$k', System.map '$m')"
    dk=$(( 0x$k - 0x$kt )); dm=$(( 0x$m - 0x$mt ))
    [ "$dk" = "$dm" ] || fail "$sym: offset from _text differs (kallsyms $dk, System.map $dm)"
    note "$sym: _text+0x$(printf '%x' $dk) in both"
done
