# styxmon: man/8/styxmon; the message text is the original's
# appl/lib/styx.b (Tmsg.text, Rmsg.text), the usage line (its "usage:"
# twice) and statuses from its appl/cmd/styxmon.b; -r and -t as the
# manual gives them. Each message is printed (here into a log) before it
# is passed on, so the lines come in the order of the conversation. This
# kernel clunks a closed file's fid after the close returns, so the script
# waits for each clunk (the reply with that tag) before going on, to keep
# the order fixed; the user's name is masked. Unmounting ends the
# conversation.
load std
fn waitfor {
	for i in 1 2 3 4 5 6 7 8 9 10 {
		grep -s $2 $1 || sleep 1
	}
}
mkdir $t/m $t/t $t/r
mount -c {styxmon {memfs -s}} $t/m >[2] $t/log
echo hi > $t/m/f
waitfor $t/log 'Rmsg.Clunk\(5\)'
cat $t/m/f
waitfor $t/log 'Rmsg.Clunk\(12\)'
unmount $t/m
waitfor $t/log 'eof from tmsg'
mount {styxmon -t {memfs -s}} $t/t >[2] $t/tlog
ls $t/t
waitfor $t/tlog 'Tmsg.Clunk\(5'
unmount $t/t
waitfor $t/tlog 'eof from tmsg'
mount {styxmon -r {memfs -s}} $t/r >[2] $t/rlog
cat $t/r/none; echo $status
waitfor $t/rlog 'Rmsg.Clunk\(2\)'
unmount $t/r
waitfor $t/rlog 'eof from tmsg'
for l in log tlog rlog {
	echo '==' $l
	sed 's/(Attach\([0-9]+,[0-9]+,[0-9]+,)"[^"]*"/\1"USER"/' $t/$l
}
styxmon; echo $status
styxmon -x cat; echo $status
