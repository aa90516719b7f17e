# Redirections and pipelines, between builtins and modules. Sources:
# man/1/sh, "I/O Redirections" (>, >>, <, <>, >[2=1]), "Exceptions" (bad
# redir); a pipeline's status joined with `|` as the original's
# appl/cmd/sh/sh.y (waitfor) makes it; the message `sh: cannot open FILE:
# ERROR` from that file too.
load std echo
echo one > $t/r1
echo two >> $t/r1
getlines {echo line $line} < $t/r1
lang-args a b | getlines {echo piped $line}
# the reader takes the line, so the writer never finds the pipe closed
echo x | getlines {echo y $line}
echo err >[2=1] | getlines {echo caught $line}
{echo to-out; echo to-err >[1=2]} >[2=1] > $t/r2
getlines {echo file $line} < $t/r2
echo rw <> $t/r3
getlines {echo r3 $line} < $t/r3
echo pipeline status
rt-cmd-fail >/dev/null | status two
echo $status
rescue 'bad redir' {echo rescued $exception} {echo nosuch < $t/nonexistent-file}
echo after bad redir $status
