# sh -c, sh with a script file and arguments, run, exit, status of a nested sh.
# Sources: man/1/sh, "Invocation" (-c, -x printing each command, -e ending
# at the first failure, a file and its arguments as $0 and $*), "Built-in
# Commands" (run, exit), "Compound Commands" (@ runs in a subshell).
load std echo
sh -c 'load echo; echo c $* $0' a b
sh -c 'load std; status bad'
echo nested $status
echo 'load echo; echo script $0 $*; x = set-in-script' > $t/s1
sh $t/s1 p q
echo x $#x
run $t/s1 r
echo x $x
$t/s1 direct
@ {x = sub; echo sub $x}
echo x $x
sh -x -c 'load echo; echo traced ''a b'''
sh -e -c 'load std echo; status stop; echo not reached'
echo e-status $status
