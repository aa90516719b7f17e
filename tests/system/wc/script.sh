# wc and cat: man/1/wc (-l -w -c -e -b in that order whatever the order
# given, a total line for several files) and man/1/cat (- for standard
# input among files); the %7d columns from the original's appl/cmd/wc.b.
echo 'one two
three é' > $t/f
echo -n 'x' > $t/g
wc $t/f
wc -b $t/f
wc -c $t/f
wc -bcewl $t/f $t/g
wc -e < $t/f
echo middle | cat $t/g - $t/g
echo
wc $t/missing; echo $status
cat $t/missing; echo $status
# A lead byte cut short by a byte that starts no sequence: one bad
# character between them, as the original's wc counts (its state tables).
{zeros -v 195 1; zeros -v 240 1} | wc -ce
