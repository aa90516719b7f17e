# sum: man/1/sum (checksum, length, name; directories passed over); the
# format %.8ux %6bd and the messages with fail:error from the original's
# appl/cmd/sum.b. The checksums were worked out independently: CRC-32
# (polynomial 16redb88320, register 0, no final xor) of the bytes, then
# of the length's four bytes xor'd with CC 55 CC 55.
echo hello > $t/h
echo -n > $t/e
sum $t/h $t/e $t
sum $t/missing $t/h; echo $status
sum; echo $status
