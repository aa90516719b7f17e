# The dup device on /fd (issue 15, item 9): `<{cmd}` and `>{cmd}` name the
# pipe as /fd/N, an open of /fd/N gives that descriptor's channel, and
# /fd/Nctl reads as its line of /prog/N/fd.
load std echo
cat <{echo hi}
cmp <{echo a} <{echo a} && echo same
cmp -s <{echo a} <{echo b} || echo differ
cat /fd/0ctl < /dev/null
{echo to the file > /fd/1} > $t/fd1
cat $t/fd1
cat /fd/99
echo $status
# The reader of >{...} runs beside the command line: wait for its copy.
echo through tee | tee >{cat > $t/teecopy}
while {! ftest -s $t/teecopy} {sleep 1}
cat $t/teecopy
