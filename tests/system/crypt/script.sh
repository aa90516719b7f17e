# crypt: man/1/crypt: the header message naming the algorithms, a round
# trip, the algorithm list, and the errors with their statuses (the
# original's appl/cmd/crypt.b says "fail: " with a space). The bytes of
# sha1/rc4 equal what the original's crypt writes.
echo 'some secret text' > $t/clear
crypt -k key < $t/clear > $t/enc
read 16 < $t/enc; echo
crypt -d -k key < $t/enc
crypt -k key -a sha1/rc4 < $t/clear | xd -c
crypt -k key -a sha1/rc4 < $t/clear | crypt -d -k key
echo key > $t/keyfile
crypt -f $t/keyfile < $t/clear | crypt -d -f $t/keyfile
crypt -k other -d < $t/enc; echo $status
crypt '-?'
crypt -x; echo $status
crypt -d -k s < $t/clear; echo $status
crypt -a nosuch -k s < $t/clear; echo $status
crypt -f $t/none; echo $status
