# styxchat: man/8/styxchat; the message text is the original's
# appl/lib/styx.b (Tmsg.text, Rmsg.text), the tags from 1 up, the ?lines,
# the data lines of -v and the usage from its appl/cmd/styxchat.b. The
# server is memfs -s on the other end of a pipe (#|); the last message is
# longer than the message size agreed, which ends memfs (Styxservers'
# reader gives it "9P message longer than agreed") and so the
# conversation. styxchat prints the replies from a process of their own,
# so the T- and R-lines are shown apart (each in order), once the server
# has hung up; the user's name is masked.
load std
mkdir $t/p
bind '#|' $t/p
memfs -s <> $t/p/data1 &
ten=0123456789
{
	echo Tversion 256 9P2000
	echo Tattach 0 nofid `{cat /dev/user} ''''''
	echo Twalk 0 1
	echo Tcreate 1 f 8r644 2
	echo Twrite 1 0 hello
	echo Tclunk 1
	echo '# a comment'
	echo Twalk 0 2 f
	echo Topen 2 0
	echo Tread 2 0 4
	echo Twalk 7 8
	echo Tversion 8192
	echo Tbogus
	echo nexttag
	echo Tclunk 2
	echo Twrite 2 0 $ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten^$ten
} > $t/msgs
styxchat -v $t/p/data < $t/msgs > $t/out
for i in 1 2 3 4 5 6 7 8 9 10 {
	grep -s hungup $t/out || sleep 1
}
grep -v '^<-|"hell"\)$|hungup' $t/out | sed 's/(Attach[^"]*)"[^"]*"/\1"USER"/'
grep '^<-|"hell"\)$|hungup' $t/out
styxchat a b; echo $status
styxchat $t/none; echo $status
