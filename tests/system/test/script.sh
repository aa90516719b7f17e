# test: the original's appl/cmd/test.b behaviour (no manual page): its
# operators, precedence (! over -a over -o), short-circuit and messages.
echo x > $t/f
mkdir $t/d
test -f $t/f; echo f $status
test -d $t/f; echo d $status
test -e $t/missing; echo e $status
test -r $t/f -a -w $t/f; echo rw $status
test -s $t/f -a '!' -d $t/f; echo s $status
test abc; echo string $status
test -n ''; echo n $status
test -z ''; echo z $status
test a '=' a; echo eq $status
test a '!=' a; echo ne $status
test 10 -gt 9; echo gt $status
test 10 -le 9; echo le $status
test '(' 1 -eq 2 -o 3 -ne 4 ')' -a x; echo paren $status
test 1 -eq 1 -o '('; echo short $status
test 1 -foo 2; echo $status
test 1 -eq x; echo $status
test '(' a; echo $status
test -f; echo $status
test; echo $status
touch -t 100 $t/old
test $t/old -ot $t/f; echo ot $status
test $t/old -nt $t/f; echo nt $status
test $t/old -older 1d12h; echo older $status
test $t/f -older 1y; echo $status
test $t/f -older 1q; echo $status
