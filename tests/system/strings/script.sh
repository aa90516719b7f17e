# strings: man/1/strings (runs of 6 or more printable characters with the
# offset where each starts, 70 at most on a line, then " ..."); the
# naming of several files, "cannot open" and the unchanged status from
# the original's appl/cmd/strings.b.
echo 'ab
short
a longer line here
é unicode é text
0123456789012345678901234567890123456789012345678901234567890123456789abcdef' > $t/f
strings $t/f
strings < $t/f | sed -n 1p
strings $t/f $t/missing; echo $status
