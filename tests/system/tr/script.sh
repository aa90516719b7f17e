# tr: man/1/tr (ranges, padding, -c -d -s, escapes); the usage text with
# its "fail: usage" status and the "tr: ..." errors from the original's
# appl/cmd/tr.b.
echo abc > $t/abc
echo 'Hello, World' | tr a-z A-Z
echo 'Hello, World' | tr a-z x
echo 'Hello, World' | tr -d lo
echo 'aaabbbccc  dd' | tr -s a-z a-z
tr -s a-z < $t/abc; echo $status
echo 'aaabbbccc' | tr -s ab xy
echo 'one two,,three' | tr -cs a-z '\012'
echo 'keep 123 only' | tr -cd 0-9
echo
echo 'aabbcc' | tr -ds a b
echo 'tab' | tr '\x74' '\101'
echo 'a-b' | tr '\-' _
echo 'aZ' | tr -c a X; echo
tr < $t/abc; echo $status
tr -d < $t/abc; echo $status
tr a b c < $t/abc; echo $status
tr z-a x < $t/abc; echo $status
tr aa xy < $t/abc; echo $status
tr -q a b < $t/abc; echo $status
