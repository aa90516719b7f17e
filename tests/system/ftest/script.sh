# ftest and newer: man/1/ftest; the messages and fail: statuses are those
# of the original's appl/cmd/ftest.b and newer.b.
echo x > $t/f
echo -n > $t/empty
mkdir $t/d
ftest -f $t/f; echo f $status
ftest -f $t/d; echo f dir $status
ftest -d $t/d; echo d $status
ftest -e $t/missing; echo e missing $status
ftest -s $t/f; echo s $status
ftest -s $t/empty; echo s empty $status
ftest -r $t/f; echo r $status
ftest -x $t/f; echo x $status
ftest -q $t/f; echo $status
ftest -f; echo $status
ftest; echo $status
ftest -t x; echo $status
touch -t 100 $t/old
newer $t/f $t/old; echo newer $status
newer $t/old $t/f; echo $status
newer $t/f $t/d; echo $status
newer $t/d $t/f; echo $status
newer $t/missing $t/f; echo $status
newer $t/f; echo $status
