# uuencode and uudecode: man/1/uuencode (begin line with mode and name,
# -p to standard output, leading and trailing lines ignored); the line
# format (blank for zero), the messages and the unchanged status from the
# original's appl/cmd/uuencode.b and uudecode.b. The encoding of "Cat"
# is worked out by hand: 0x43 0x61 0x74 -> 16 54 5 52 -> "0V%T".
echo -n Cat > $t/cat
chmod 640 $t/cat
uuencode $t/cat remote
echo 'The quick brown fox jumps over the lazy dog, twice over: the quick brown fox.' > $t/long
uuencode $t/long long > $t/enc
cat $t/enc
echo 'leading junk' > $t/wrapped
cat $t/enc >> $t/wrapped
echo 'trailing junk' >> $t/wrapped
uudecode -p $t/wrapped
uuencode long < $t/long | uudecode -p > $t/dec
cmp $t/dec $t/long; echo cmp $status
sed 's| long$| '$t'/out|' $t/enc | uudecode
cmp $t/out $t/long; echo out $status
ls -l $t/out | sed 's/ .*//'
uuencode; echo $status
uuencode $t remote; echo $status
uuencode $t/missing remote; echo $status
echo nothing | uudecode; echo $status
echo 'begin 644' | uudecode; echo $status
echo 'begin 644 x
#0V%T' | uudecode -p; echo $status
