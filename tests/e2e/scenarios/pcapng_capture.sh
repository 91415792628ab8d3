# e2e-title: --format text --pcapng: 20 UDP drops in packet mode give 20 text blocks and 20 pcapng packets (checked on the host with tcpdump and tshark)
# e2e-requires: dropwatch
# e2e-module: load
# e2e-timeout: 60
need_dropwatch
N=20
mkfifo in
sigdfl "$DW" -l kas --format text --pcapng drops.pcapng <in >out.txt 2>err.txt &
pid=$!
exec 3>in
printf 'set alertmode packet\nstart\n' >&3
wait_for out.txt 'Kernel monitoring activated' 15 || { show out.txt; show err.txt; fail "monitoring did not start"; }
dropgen udp 9 "$N" >/dev/null
_i=0
while [ "$(grep -c '^drop at: __udp4_lib_rcv+' out.txt)" -lt "$N" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
kill -INT "$pid"
wait_for out.txt 'Got a stop message' 15 || fail "no stop after SIGINT"
printf 'set alertmode summary\nexit\n' >&3
exec 3>&-
wait_exit "$pid" 15 || fail "dropwatch did not exit"
wait "$pid"; rc=$?
show err.txt stderr
[ "$rc" = 0 ] || { show out.txt; fail "exit status $rc"; }
udp=$(grep -c '^drop at: __udp4_lib_rcv+' out.txt)
blocks=$(grep -c '^drop at: ' out.txt)
[ "$udp" = "$N" ] || fail "$udp UDP blocks in the text output, $N generated"
[ -s drops.pcapng ] || fail "no pcapng written"
# The file starts with a section header block
[ "$(od -An -tx1 -N4 drops.pcapng | tr -d ' \n')" = "0a0d0d0a" ] || fail "not a pcapng file"
echo "$N $blocks" >expected
echo "@@FILE drops.pcapng.b64"; base64 drops.pcapng; echo "@@ENDFILE"
echo "@@FILE expected"; cat expected; echo "@@ENDFILE"
