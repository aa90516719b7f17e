# tcs: man/1/tcs (-f ics, -t ocs, files or standard input, -l, -v, -l
# csname giving the standard name first) and the aliases and descriptions
# of lib/convcs/charsets (ascii is an alias of utf-8 there); the "tcs:
# NAME: unknown charset NAME" error with its "fail:badarg" status, and
# '?' for a rune Latin-1 cannot hold, from the original's appl/cmd/tcs.b
# and appl/lib/convcs.
echo 'café ÿ' | tcs -t latin1 | xd -1x
echo 'café ÿ' | tcs -t latin1 > $t/l1
tcs -f 8859_1 $t/l1
tcs -f LATIN1 -t utf8 $t/l1 $t/l1
echo 'naïve ☺' | tcs -t iso-8859-1 | tcs -f l1
echo 'plain' | tcs
echo 'plain' | tcs -f ascii -t us-ascii
tcs -l
tcs -l -v
tcs -l latin1
tcs -l -v ASCII
tcs -l nosuch; echo $status
tcs -t koi9 < /dev/null; echo $status
tcs -f koi9 < /dev/null; echo $status
tcs $t/missing; echo $status
tcs -q; echo $status
