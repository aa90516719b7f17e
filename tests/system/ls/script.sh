# ls failure: the original's appl/cmd/ls.b prints "ls: NAME: ERROR" for a
# name it cannot stat, lists the rest, and ends with fail:errors.
echo x > $t/f
ls $t/missing; echo $status
ls $t/missing $t/f; echo $status
ls -d $t; echo $status
