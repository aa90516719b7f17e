# A command whose writes find the pipe's reader gone ends quietly, as in the
# original (issue 15, item 7: `cat f | sed 1q` prints nothing); its status
# says why. Sources: the original's emu/port/devpipe.c (a write on a pipe
# with no reader kills the writer with `write on closed pipe`, so cat prints
# nothing); man/1/sh, "Simple Commands" ($status is the wait message) and the
# original's appl/cmd/sh/sh.y (waitfor: a pipeline's status joins each
# command's with `|`, the first command's first). A command that breaks is
# checked in emu/tests/shell_host.rs.
load std echo
x = 0123456789012345678901234567890123456789012345678901234567890123456789
for i in 1 2 3 4 5 6 7 8 9 10 {x = $x $x}
echo $x > $t/big
cat $t/big | {}
echo status $status
cat $t/big | {cat > /dev/null}
echo status $status
