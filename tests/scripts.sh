# sh -c, sh with a script file and arguments, run, exit, status of a nested sh.
load std echo
sh -c 'load echo; echo c $* $0' a b
sh -c 'load std; status bad'
echo nested $status
echo 'load echo; echo script $0 $*; x = set-in-script' > /tmp/s1
sh /tmp/s1 p q
echo x $#x
run /tmp/s1 r
echo x $x
/tmp/s1 direct
@ {x = sub; echo sub $x}
echo x $x
sh -x -c 'load echo; echo traced ''a b'''
sh -e -c 'load std echo; status stop; echo not reached'
echo e-status $status
