# ramfile: man/4/ramfile; the usage line, the error messages and the
# empty status after them from the original's appl/cmd/ramfile.b. A write
# at offset 0 empties the file first; a stat shows length 0.
ramfile $t/r hello
cat $t/r; echo
echo new > $t/r
cat $t/r
# the length is 0 to stat, so an append writes at 0 and replaces
echo more >> $t/r
cat $t/r
ls -l $t/r | sed 's/^.* ([0-9]+) [A-Z][a-z][a-z] .* ([^ ]+)$/\1 \2/'
ramfile $t/e
cat $t/e; echo empty
ramfile; echo status $status
ramfile a b c; echo status $status
ramfile $t/none/x y; echo status $status
# the servers run until killed
kill Ramfile > /dev/null
