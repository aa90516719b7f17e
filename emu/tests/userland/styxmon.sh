# styxmon: man/8/styxmon; the message text is the original's
# appl/lib/styx.b (Tmsg.text, Rmsg.text), the usage line (its "usage:"
# twice) and statuses from its appl/cmd/styxmon.b; -r and -t as the
# manual gives them. Each message is printed (here into a log) before it
# is passed on, so the lines come in the order of the conversation; the
# user's name is masked. Unmounting ends the conversation.
load std
mkdir $t/m $t/t $t/r
mount -c {styxmon {memfs -s}} $t/m >[2] $t/log
echo hi > $t/m/f
cat $t/m/f
unmount $t/m
mount {styxmon -t {memfs -s}} $t/t >[2] $t/tlog
ls $t/t
unmount $t/t
mount {styxmon -r {memfs -s}} $t/r >[2] $t/rlog
cat $t/r/none; echo $status
unmount $t/r
# the servers wait on their side of styxmon's pipe, which styxmon's relay
# of replies keeps open while it waits in a read: end them
kill -g Memfs > /dev/null
for l in log tlog rlog {
	echo '==' $l
	sed 's/(Attach\([0-9]+,[0-9]+,[0-9]+,)"[^"]*"/\1"USER"/' $t/$l
}
styxmon; echo $status
styxmon -x cat; echo $status
