# e2e-title: stats after hardware tail drops (packet mode, queue 1): "Hardware statistics: / Tail dropped: N" equals the kernel's counter; same lines as upstream 1.5.4
# e2e-requires: dropwatch upstream
# e2e-kernel: netdevsim
# e2e-module: load
# e2e-timeout: 150
need_dropwatch
UP=/bin/dropwatch-upstream
nsim_up
nsim_trap trap blackhole_route
stats_session() { # stats_session LABEL BINARY
    _hw0=$(hw_tail_dropped)
    rm -f "$1.in"; mkfifo "$1.in"
    sigdfl "$2" -l kas <"$1.in" >"$1.out" 2>"$1.err" &
    _p=$!
    exec 3>"$1.in"
    # queue 1: each tick reports 3 traps at once, so 2 of them are tail drops
    printf 'set alertmode packet\nset queue 1\nset sw false\nset hw true\nstart\n' >&3
    wait_monitoring 20 || { kill -KILL $_p; fail "$1: the kernel did not start monitoring"; }
    sleep 2
    kill -INT $_p
    _i=0; while dm_monitoring && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
    printf 'stats\nset queue 1000\nset alertmode summary\nexit\n' >&3
    exec 3>&-
    wait_exit $_p 20 || { kill -KILL $_p; note "$1: killed, did not exit"; }
    wait $_p; echo $? >"$1.rc"
    _hw1=$(hw_tail_dropped)
    echo "hw0=$_hw0 hw1=$_hw1 sw=$(sw_tail_dropped)" >"$1.kernel"
    note "$1: kernel hardware tail drops $_hw0 -> $_hw1"
}
stats_session up "$UP"
stats_session dw "$DW"
printf 'set queue 1000\nset alertmode summary\nexit\n' | "$UP" -l kas >/dev/null 2>&1
# from "stats" on (the blocks before it depend on timing), numbers aside
tailpart() { sed -n '/Getting statistics/,$p' "$1" | sed -E 's/^((dropwatch> )*Tail dropped: )[0-9]+$/\1N/'; }
tailpart up.out >up.tail; tailpart dw.out >dw.tail
show up.out "upstream stdout"; show dw.out "our stdout"
cmp -s up.tail dw.tail || { diff -u up.tail dw.tail | sed 's/^/    /'; fail "stats output differs from upstream"; }
[ "$(cat dw.rc)" = 0 ] || fail "exit status $(cat dw.rc)"
for l in up dw; do
    . "./$l.kernel"
    [ "$hw1" -gt "$hw0" ] || fail "$l: no hardware tail drops in the kernel ($hw0 -> $hw1): queue 1 not applied?"
    got_hw=$(sed -n '/Hardware statistics:/{n;s/^Tail dropped: \([0-9]*\)$/\1/p}' $l.out)
    got_sw=$(sed -n '/Software statistics:/{n;s/^Tail dropped: \([0-9]*\)$/\1/p}' $l.out)
    [ "$got_hw" = "$hw1" ] || fail "$l printed hardware 'Tail dropped: $got_hw', the kernel counts $hw1"
    [ "$got_sw" = "$sw" ] || fail "$l printed software 'Tail dropped: $got_sw', the kernel counts $sw"
done
