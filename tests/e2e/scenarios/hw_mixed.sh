# e2e-title: software and hardware drops together (set sw true, set hw true), stopped with SIGINT: same lines as upstream 1.5.4
# e2e-requires: dropwatch upstream
# e2e-kernel: netdevsim
# e2e-module: load
# e2e-timeout: 150
need_dropwatch
UP=/bin/dropwatch-upstream
nsim_up
nsim_trap trap blackhole_route
mixed() { # mixed LABEL BINARY
    rm -f "$1.in"; mkfifo "$1.in"
    sigdfl "$2" -l kas <"$1.in" >"$1.out" 2>"$1.err" &
    _p=$!
    exec 3>"$1.in"
    printf 'set sw true\nset hw true\nstart\n' >&3
    wait_monitoring 20 || { kill -KILL $_p; fail "$1: the kernel did not start monitoring"; }
    dropgen udp 9 20 >/dev/null
    sleep 3         # several 100-ms batches of both kinds
    dropgen udp 9 20 >/dev/null
    sleep 2
    kill -INT $_p
    _i=0; while dm_monitoring && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
    dm_monitoring && note "$1: still monitoring 10 s after SIGINT"
    printf 'exit\n' >&3
    exec 3>&-
    wait_exit $_p 20 || { kill -KILL $_p; note "$1: killed, did not exit"; }
    wait $_p; echo $? >"$1.rc"
}
mixed up "$UP"
mixed dw "$DW"
show up.out "upstream stdout"; show dw.out "our stdout"
[ "$(cat up.rc)" = "$(cat dw.rc)" ] || fail "exit status: upstream $(cat up.rc), ours $(cat dw.rc)"
[ "$(cat dw.rc)" = 0 ] || fail "exit status $(cat dw.rc)"
# the session's other lines, in order (hw_norm: without the "Waiting for deactivation ack..."
# upstream prints when an alert arrives between its STOP and the ack)
hw_norm up.out | grep -v ' drops at ' >up.skel; hw_norm dw.out | grep -v ' drops at ' >dw.skel
cmp -s up.skel dw.skel || { diff -u up.skel dw.skel | sed 's/^/    /'; fail "non-drop lines differ from upstream"; }
# the hardware lines (counts vary with batching) and the UDP software lines (same addresses
# within one boot)
sed -n 's/^[0-9]* drops at \(.*\[hardware\]\)$/\1/p' up.out | sort -u >up.hw
sed -n 's/^[0-9]* drops at \(.*\[hardware\]\)$/\1/p' dw.out | sort -u >dw.hw
cmp -s up.hw dw.hw || { diff -u up.hw dw.hw | sed 's/^/    /'; fail "hardware drop lines differ from upstream"; }
printf 'blackhole_route [hardware]\nfid_miss [hardware]\nttl_value_is_too_small [hardware]\n' >want.hw
cmp -s want.hw dw.hw || { diff -u want.hw dw.hw | sed 's/^/    /'; fail "hardware lines are not exactly the three netdevsim traps"; }
drop_lines up.out | sed 's/^[0-9]* //' | grep 'udp' | sort -u >up.sw
drop_lines dw.out | sed 's/^[0-9]* //' | grep 'udp' | sort -u >dw.sw
[ -s dw.sw ] || fail "no software drop line at a udp function"
cmp -s up.sw dw.sw || { diff -u up.sw dw.sw | sed 's/^/    /'; fail "UDP software drop lines differ from upstream"; }
expect_line dw.out 'Got a stop message' "no 'Got a stop message' after SIGINT"
dm_monitoring && fail "the kernel still monitors after SIGINT and exit"
true
