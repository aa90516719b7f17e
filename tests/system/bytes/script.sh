# bytes: the original's appl/cmd/bytes.b (no manual page): a range shown as
# text with \XX for bytes outside characters and a doubled backslash, the
# reads reported on standard error, a range replaced, appended or
# prepended, and the three errors with their statuses.
echo 'one \ two' > $t/a
echo 'é€' > $t/u
bytes 0 end < $t/a
bytes 4 7 < $t/a
bytes 1 3 < $t/u
bytes 2 end < $t/u
bytes 0 3 XY < $t/a
bytes 0 0 'head\n' < $t/a
bytes end end '\41\tx\n' < $t/a
bytes 2 end '\c3\a9\n' < $t/a
bytes 5 2 < $t/a; echo $status
bytes 1; echo $status
bytes 1 2 a b; echo $status
bytes 0 1 'a\q' < $t/a; echo $status
bytes 0 1 'a\' < $t/a; echo $status
