# logfile: the original's appl/cmd/logfile.b (no manual page): what is kept
# of the writes, a write longer than the log, and the usage with its
# status (with the original's space after "fail:"). The server's
# descriptors are /dev/null, so that it holds none of the test's open, and
# it is killed at the end.
logfile $t/log </dev/null >/dev/null >[2=1]
echo hello > $t/log
echo world > $t/log
read 100 < $t/log
logfile -8 $t/small </dev/null >/dev/null >[2=1]
echo 12345 > $t/small
echo abcde > $t/small
read 100 < $t/small
echo much too long > $t/small
logfile; echo $status
logfile -0 $t/x; echo $status
logfile a b; echo $status
kill Logfile >/dev/null >[2=1]
