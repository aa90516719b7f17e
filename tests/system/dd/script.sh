# dd: man/1/dd (block sizes, skip, count, -if -of, conversions lcase,
# ucase, swab, sync, block, unblock with cbs, numbers with k b x); the
# "N+M records in/out" report on standard error, the messages and the
# statuses (fail:arg, fail:open, fail:range, fail:counts) from the
# original's appl/cmd/dd.b.
echo 'Hello World 0123456789' > $t/f
dd -if $t/f -of $t/o -bs 4
cat $t/o
dd -if $t/f -ibs 5 -obs 7 -skip 1 -count 2
echo
dd -if $t/f -bs 8 -conv ucase,swab
dd -if $t/f -bs 2x4 -count 1 -conv lcase
echo
echo 'ab
cdefgh
i' > $t/lines
dd -if $t/lines -cbs 4 -conv block
echo
echo -n 'ab  cd  ' | dd -cbs 4 -conv unblock
echo -n abc | dd -ibs 2 -conv sync | xd -c
dd -if $t/f -of $t/o2 -bs 1k; cmp $t/f $t/o2; echo same $status
dd -bs; echo $status
dd -bogus 1; echo $status
dd -conv fast; echo $status
dd -if $t/missing; echo $status
dd -ibs 0 -if $t/f; echo $status
dd -bs 99999999999 -if $t/f; echo $status
