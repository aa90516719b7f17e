# A command whose writes find the pipe's reader gone ends quietly, as in the
# original (issue 15, item 7: `cat f | sed 1q` prints nothing); its status
# says why. A command that breaks is reported by the kernel's Broken line and
# the shell's `sh: PID "Module":error` (see commands.sh).
load std echo
x = 0123456789012345678901234567890123456789012345678901234567890123456789
for i in 1 2 3 4 5 6 7 8 9 10 {x = $x $x}
echo $x > /tmp/big
cat /tmp/big | {}
echo status $status
cat /tmp/big | {cat > /dev/null}
echo status $status
