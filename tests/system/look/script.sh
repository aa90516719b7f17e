# look: man/1/look (prefix matches in a sorted file, -x, -f, -d, -n, -t,
# -r, -i); the status fail:not found and "look: can't open" with
# fail:no dictionary from the original's appl/cmd/look.b.
echo 'Apple	fruit
apple
apricot
banana
band
bandana
can
candle' > $t/words
look ban $t/words
look -x band $t/words
look ap $t/words
look -f ap $t/words
look -t x ban $t/words
look -r bandana b $t/words
look zzz $t/words; echo $status
look -x ban $t/words; echo $status
echo 'can
zz
ba' | look -i $t/words
echo '-3
-1
0
2.5
10
100' > $t/nums
look -n 10 $t/nums
look -n -r 10 0 $t/nums
look -d 'a.p' $t/words
look x $t/missing; echo $status
