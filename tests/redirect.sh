# Redirections and pipelines, between builtins and modules.
load std echo
echo one > /tmp/r1
echo two >> /tmp/r1
getlines {echo line $line} < /tmp/r1
lang-args a b | getlines {echo piped $line}
echo x | echo y
echo err >[2=1] | getlines {echo caught $line}
{echo to-out; echo to-err >[1=2]} >[2=1] > /tmp/r2
getlines {echo file $line} < /tmp/r2
echo rw <> /tmp/r3
getlines {echo r3 $line} < /tmp/r3
echo pipeline status
rt-cmd-fail >/dev/null | status two
echo $status
rescue 'bad redir' {echo rescued $exception} {echo nosuch < /tmp/nonexistent-file}
echo after bad redir $status
