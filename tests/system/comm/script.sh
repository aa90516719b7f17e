# comm: man/1/comm (three columns, -1 -2 -3, - for standard input); the
# usage text and "comm: cannot open" with fail:open from the original's
# appl/cmd/comm.b.
echo 'apple
banana
cherry
fig' > $t/a
echo 'banana
date
fig
grape' > $t/b
comm $t/a $t/b
comm -1 $t/a $t/b
comm -2 $t/a $t/b
comm -3 $t/a $t/b
comm -12 $t/a $t/b
comm -13 $t/a $t/b
comm -23 $t/a $t/b
comm $t/a - < $t/b | sed -n 1,2p
comm $t/a; echo $status
comm -4 $t/a $t/b; echo $status
comm $t/a $t/missing; echo $status
