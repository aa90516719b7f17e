# p with a reader: man/1/p (a line starting ! runs a shell command, an
# empty line shows the next page, q quits), the lines read from the
# console, here pcommands.in.
echo '1
2
3
4
5' > $t/f
p -2 $t/f
echo after
