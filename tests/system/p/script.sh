# p: man/1/p (pages of 22 lines or -number, waiting for a line from the
# console, which is empty here, so p stops after the first page); the
# usage and messages from the original's appl/cmd/p.b.
echo '1
2
3
4
5' > $t/f
p -2 $t/f
p -10 $t/f $t/f
p -10 $t/missing $t/f; echo $status
p < $t/f
p -x $t/f; echo $status
