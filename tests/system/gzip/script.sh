# gzip with the deflate library: man/1/gzip (standard input to standard
# output, -1 to -9, -v); the header (no name, time 0, Unix), the usage
# and messages and the unchanged status on failure from the original's
# appl/cmd/gzip.b and appl/lib/deflate.b. The compressed bytes differ
# from the original's (fixed codes, greedy matching), so what is checked
# is that gunzip gives back the input, at every level, and that repeated
# text shrinks.
echo 'to be or not to be, that is the question; to be or not to be' > $t/f
cat $t/f $t/f $t/f $t/f $t/f $t/f $t/f $t/f > $t/f8
cat $t/f8 $t/f8 $t/f8 $t/f8 $t/f8 $t/f8 $t/f8 $t/f8 > $t/f64
zeros -v 61 70000 1 >> $t/f64
cat $t/f64 $t/f64 > $t/big
gzip < $t/f > $t/f.gz
dd -if $t/f.gz -bs 10 -count 1 >[2] /dev/null | xd -1x
gunzip < $t/f.gz
gzip -1 < $t/big > $t/big1.gz
gzip -9 < $t/big > $t/big9.gz
gzip < $t/big > $t/big6.gz
gunzip < $t/big1.gz > $t/out1; cmp $t/out1 $t/big; echo level 1 $status
gunzip < $t/big6.gz > $t/out6; cmp $t/out6 $t/big; echo level 6 $status
gunzip < $t/big9.gz > $t/out9; cmp $t/out9 $t/big; echo level 9 $status
test `{wc -b < $t/big9.gz} -lt 2000; echo shrinks $status
gzip -v < $t/f >[2] $t/err > /dev/null; sed 's/[-0-9.]+%$/N%/' $t/err
gzip -0 < $t/f; echo $status
gzip $t/missing; echo $status
