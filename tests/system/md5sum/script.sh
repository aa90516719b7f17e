# md5sum: man/1/md5sum (hex digest, a tab and the name per file; standard
# input, unlabelled, with no arguments); "md5sum: cannot open" and
# fail:error from the original's appl/cmd/md5sum.b.
echo -n abc > $t/abc
echo -n > $t/empty
md5sum $t/abc
md5sum $t/abc $t/empty
md5sum < $t/abc
md5sum < $t/empty; echo $status
md5sum $t/missing $t/abc; echo $status
