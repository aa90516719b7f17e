# std's ${pipe} (man/1/sh-std, appl/cmd/sh/std.b): the name it yields is a
# file under /tmp/pipes, bound into the shell's name space, so it stays
# valid after its command line, while the command runs, and a later command
# can open it. The command here keeps its end open until the other end's
# reader is gone (the pipe runs both ways), since a pipe whose ends are all
# closed starts afresh, as the original's does.
load std
x = ${pipe from {echo hi from the pipe; read <[0=1] > /dev/null}}
~ $x /tmp/pipes/pipe.^${pid}^.*y && echo named under /tmp/pipes
read < $x
y = ${pipe to {cat > $t/to}}
echo into the pipe > $y
while {! ftest -s $t/to} {sleep 1}
cat $t/to
z = ${pipe 5 {echo on fd five >[1=5]; read <[0=5] > /dev/null}}
read < $z
echo pipeid $pipeid
# the command's end is listed beside the one given out
for f in `{ls /tmp/pipes} {~ $f */pipe.^${pid}^.2x && echo the command end is listed}
rescue '*' {echo raised $exception} {echo ${pipe sideways {echo}}}
