# stream: man/1/stream (file1 to standard output, -b bufsize; two files
# copied into each other); the usage and messages with fail:usage and
# fail:open from the original's appl/cmd/stream.b.
echo 'some data
to stream' > $t/f
stream $t/f
stream -b 3 $t/f
stream -b4 $t/f | wc -l
stream; echo $status
stream -x $t/f; echo $status
stream $t/missing; echo $status
