# ar: man/1/ar (keys d r q t p m x with v, u, a, b, c, o); the archive
# layout (!<arch>, 60-byte headers with the name, date, uid and gid 0,
# octal mode and size, members padded to even length), the v messages,
# the table's long form and the errors and statuses from the original's
# appl/cmd/ar.b.
echo one > $t/a
echo two2 > $t/b
echo three > $t/c
touch -t 1000 $t/a $t/b $t/c
chmod 644 $t/a $t/b $t/c
ar rv $t/lib.a $t/a $t/b
xd -c $t/lib.a
ar t $t/lib.a
ar tv $t/lib.a
ar qv $t/lib.a $t/c
ar t $t/lib.a
ar p $t/lib.a b
ar pv $t/lib.a a c
ar mv $t/lib.a a
ar t $t/lib.a
ar mav b $t/lib.a a
ar t $t/lib.a
ar dv $t/lib.a b
ar t $t/lib.a
ar rbv c $t/lib.a $t/b
ar t $t/lib.a
echo changed > $t/a
touch -t 5000 $t/a
ar ruv $t/lib.a $t/a $t/b
ar p $t/lib.a a
rm $t/a
ar xov $t/lib.a $t/a
ls -le $t/a | sed 's/.* ([0-9]+ [0-9]+ [^ ]+)$/\1/'
cat $t/a
ar t $t/lib.a nothere; echo $status
ar t $t/c; echo $status
ar t $t/missing; echo $status
ar; echo $status
ar z $t/lib.a; echo $status
ar v $t/lib.a; echo $status
ar tx $t/lib.a; echo $status
ar qa c $t/lib.a $t/b; echo $status
ar rc $t/new.a $t/c
ar t $t/new.a
