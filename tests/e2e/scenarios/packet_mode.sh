# e2e-title: packet mode on the real kernel: upstream's block per drop, reason NO_SOCKET, well-formed fields; summary mode restored
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
need_dropwatch
( sleep 2; while ! [ -e gen.stop ]; do dropgen udp 9 5 >/dev/null; sleep 0.3; done ) &
gen=$!
printf 'set alertmode packet\nset alertlimit 3\nstart\nset alertmode summary\nshow\nexit\n' | timeout 40 "$DW" -l kas >out.txt 2>err.txt
rc=$?
touch gen.stop; wait $gen
show out.txt stdout; show err.txt stderr
[ "$rc" = 0 ] || fail "exit status $rc"
expect_line out.txt '^Alert mode successfully set$' "alert mode not set"
# Each block: drop at / origin / input port ifindex / timestamp / protocol / length / original length / drop reason / blank
blocks=$(awk '
    /^drop at: [^ ]+\+0x[0-9a-f]+\/0x[0-9a-f]+ \(0x[0-9a-f]+\)$/ { s = 1; next }
    s == 1 && /^origin: software$/ { s = 2; next }
    s == 2 && /^input port ifindex: [0-9]+$/ { s = 3; next }
    s == 3 && /^timestamp: [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] [0-9]{4} [0-9]{9} nsec$/ { s = 4; next }
    s == 4 && /^protocol: 0x800$/ { s = 5; next }
    s == 5 && /^length: [0-9]+$/ { s = 6; next }
    s == 6 && /^original length: [0-9]+$/ { s = 7; next }
    s == 7 && /^drop reason: NO_SOCKET$/ { s = 8; next }
    s == 8 && /^$/ { n++; s = 0; next }
    { s = 0 }
    END { print n + 0 }' out.txt)
[ "$blocks" = 3 ] || fail "expected 3 complete packet blocks with drop reason NO_SOCKET, found $blocks"
grep -Eq '^drop at: __udp4_lib_rcv\+0x' out.txt || fail "no drop at __udp4_lib_rcv"
expect_line out.txt '^Alert limit reached, deactivating!$' "no alert limit message"
expect_line out.txt '^Alert mode: Summary$' "summary mode not restored"
