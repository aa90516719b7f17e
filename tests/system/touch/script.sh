# touch: man/1/touch; messages and fail:touch from the original's
# appl/cmd/touch.b.
touch -t 86400 $t/new
ls -le $t/new | sed 's/.* ([0-9]+ [^ ]+)$/\1/'
echo data > $t/f
touch -t 100 $t/f
ls -le $t/f | sed 's/.* ([0-9]+ [0-9]+ [^ ]+)$/\1/'
cat $t/f
touch -c $t/none; echo $status
ls $t
touch -t 5 $t/nodir/x; echo $status
touch; echo $status
touch -z $t/f; echo $status
