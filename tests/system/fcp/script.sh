# fcp: the original's appl/cmd/fcp.b (no manual page): copies with several
# readers and writers or one of each, into a directory, -r trees, and each
# message with fail:error.
echo alpha > $t/a
echo beta > $t/b
mkdir $t/dir $t/dir/sub $t/to
echo x > $t/dir/one
echo yy > $t/dir/sub/two
fcp $t/a $t/c; cat $t/c
fcp -R 1 -W 1 $t/b $t/d; cat $t/d
fcp -R 3 -W 2 /dis/sh.dis $t/sh.dis; cmp /dis/sh.dis $t/sh.dis; echo $status
fcp $t/a $t/b $t/to; cat $t/to/a $t/to/b
fcp -r $t/dir $t/copy; ls $t/copy $t/copy/sub; cat $t/copy/sub/two
fcp -r $t/dir $t/a $t/to; ls $t/to $t/to/dir
fcp $t/a $t/b $t/c; echo $status
fcp $t/a; echo $status
fcp -R 0 $t/a $t/x; echo $status
fcp $t/dir $t/x; echo $status
fcp $t/none $t/x; echo $status
fcp $t/a $t/a; echo $status
fcp -r $t/dir $t/a; echo $status
fcp -r $t/dir $t/dir; echo $status
fcp -r $t/dir $t/copy/sub; echo $status
