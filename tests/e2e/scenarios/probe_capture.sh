# e2e-title: nlprobe protocol walk-through (START/EAGAIN/EBUSY/alerts/packet mode); emits fixtures
# e2e-requires: none
# e2e-module: load
# e2e-timeout: 90
nlprobe capture >cap.txt 2>&1; rc=$?
grep -v '^@@FIXTURE' cap.txt
# fixtures go to the console unindented so the host can extract them
grep '^@@FIXTURE' cap.txt
[ "$rc" = 0 ] || fail "nlprobe capture: $(grep -c '^@@CHECK FAIL' cap.txt) check(s) failed: $(grep '^@@CHECK FAIL' cap.txt | head -n1)"

# kernel facts for fixtures/README: kallsyms lines, KASLR, tracepoint format
{
    echo "# uname -r: $(uname -r)"
    echo "# kptr_restrict=$(cat /proc/sys/kernel/kptr_restrict) perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid)"
    echo "# cmdline: $(cat /proc/cmdline)"
    grep -E ' (_text|_stext|__udp4_lib_rcv|udp_rcv|tcp_v4_rcv|kfree_skb_reason|sk_skb_reason_drop|kfree_skb_list_reason|__ip_local_out|ip_rcv_finish)$' /proc/kallsyms
    echo "# PCs seen in the captured alerts, resolved with /proc/kallsyms (addr symbol symbol_start):"
    for pc in $(grep '^@@PC ' cap.txt | awk '{print $2}' | sort -u); do
        echo "$pc $(kallsyms_lookup "$pc")"
    done
} >kallsyms.txt
kt=$(awk '$3 == "_text" {print $1; exit}' /proc/kallsyms)
mt=$(awk '$3 == "_text" {print $1; exit}' "$SYSTEM_MAP")
echo "# System.map ($(cat /boot/System.map.kind)) _text=$mt  kallsyms _text=$kt" >>kallsyms.txt
if [ "$kt" = "$mt" ]; then echo "# KASLR: no slide (off or zero)" >>kallsyms.txt
else echo "# KASLR: on, slide = 0x$kt - 0x$mt = 0x$(printf '%x' $(( 0x$kt - 0x$mt )))" >>kallsyms.txt; fi
echo "@@FILE kallsyms.txt"; cat kallsyms.txt; echo "@@ENDFILE"
if [ -r /sys/kernel/tracing/events/skb/kfree_skb/format ]; then
    echo "@@FILE kfree_skb.format"; cat /sys/kernel/tracing/events/skb/kfree_skb/format; echo "@@ENDFILE"
else
    fail "tracefs kfree_skb format not readable"
fi
grep -q '__udp4_lib_rcv' kallsyms.txt || fail "__udp4_lib_rcv not in kallsyms"
awk '/^0x/ && $2 != "" {print $2}' kallsyms.txt | grep -q 'udp' || fail "no captured PC resolves to a udp function"
