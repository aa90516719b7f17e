# `kill -g 1` kills the shell's process group: the shell ends at once, with
# the status killed (issue 15, item 10); it no longer keeps running after
# leaving /prog.
load std echo
echo before
kill -g 1
echo not reached
