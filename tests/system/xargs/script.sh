# xargs: the original's appl/cmd/xargs.b (no manual page): one run of the
# command per input line with words, the given args first; its usage and
# load messages, which leave the status alone.
echo 'a b
 
c	d' > $t/in
xargs echo x < $t/in
xargs echo < $t/in
xargs /dis/echo.dis y < $t/in
echo $t/in | xargs wc -l
xargs; echo $status
xargs nonesuch < $t/in; echo $status
echo $t/missing | xargs cat; echo $status
