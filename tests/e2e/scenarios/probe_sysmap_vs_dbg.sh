# e2e-title: mksysmap (System.map derived from kallsyms) equals the real map from the -dbg package
# e2e-requires: dbg-sysmap
# e2e-module: load
# e2e-timeout: 180
# Needs setup.sh --with-dbg-sysmap (downloads linux-image-*-dbg once). Slow under TCG (awk
# over ~94k symbols twice), so run.sh selects it by default only when that map is cached.
real="$SYSTEM_MAP.dbg"
[ -s "$real" ] || fail "no $real (setup.sh --with-dbg-sysmap)"
mksysmap "$TEXT_BASE" </proc/kallsyms >derived.map 2>mk.log || fail "mksysmap failed"
cat mk.log
# static symbols repeat: pair the k-th occurrence of a name in one map with the k-th in the
# other (both are in address order)
awk 'NR == FNR { k = $3 "#" (++da[$3]); a[k] = $1; next }
     { k = $3 "#" (++dr[$3]) }
     (k in a) { n++; if (a[k] != $1) { bad++; if (bad <= 5) print "mismatch " k " real " $1 " derived " a[k] } }
     END { print "compared " n + 0 " symbols, " bad + 0 " mismatches" }' derived.map "$real" >cmp.txt
cat cmp.txt
grep -q ', 0 mismatches' cmp.txt || fail "mksysmap differs from the real System.map: $(tail -n1 cmp.txt)"
c=$(awk '{print $2}' cmp.txt | tail -n1)
[ "$c" -gt 50000 ] || fail "only $c symbols in common between derived and real System.map"
