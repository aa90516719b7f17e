# The arg module (man/1/sh-arg): the manual's EXAMPLE script, run with the
# two command lines it gives; the output must be what it shows.
load std echo
cd /tmp
echo '#!/dis/sh
load arg echo
bflag := cflag := 0
file  := ()
args  := $*
(arg
    bc  {$opt^flag = 1}
    f+  {file=$arg}
    r++++ {rect=$arg}
    ''*'' {echo unknown option $opt}
    - $args
)
echo $0 $bflag $cflag $file
echo rect $rect
echo arguments are $*' > script
./script -bc -r 0 10 50 100 -ffile a b c
./script -b -f file -z -- -bc
# (the manual leaves out the line `rect` of the second run)
# "if there is no matching option letter, then a default error message will be printed, and a usage exception raised"
sh -c 'load arg; arg a {} - -x'
echo status $status
# "otherwise a message will be printed, and a usage exception raised"
sh -c 'load arg; arg a+ {} - -a'
echo status $status
# without `-` the arguments are $*
sh -c 'load arg echo; arg v {echo got $opt} ; echo rest $*' -- -v x y
sh -c 'load arg; arg {} x' 
echo status $status
