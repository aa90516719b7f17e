# freq: man/1/freq (decimal, octal, hex, character and count; -d -x -o -c
# choose columns, -r counts characters); the formats, "- " for
# unprintable characters, counts adding up across files, and the
# messages from the original's appl/cmd/freq.b.
echo 'aab é' > $t/f
freq $t/f
freq -dc $t/f
freq -r -xc $t/f
freq -x $t/f $t/f
freq $t/missing; echo $status
freq -q $t/f; echo $status
