# The dup device on /fd (issue 15, item 9): `<{cmd}` and `>{cmd}` name the
# pipe as /fd/N, an open of /fd/N gives that descriptor's channel, and
# /fd/Nctl reads as its line of /prog/N/fd.
load std echo
cat <{echo hi}
cmp <{echo a} <{echo a} && echo same
cmp -s <{echo a} <{echo b} || echo differ
cat /fd/0ctl < /dev/null
{echo to the file > /fd/1} > /tmp/fd1
cat /tmp/fd1
cat /fd/7
echo $status
# Last, as cat's copy may come after tee's: emu waits for it.
echo through tee | tee >{cat}
