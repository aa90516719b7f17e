# sha1sum: man/1/md5sum (hex digest, a tab and the name per file; standard
# input, unlabelled, with no arguments); "sha1sum: cannot open" and
# fail:error from the original's appl/cmd/sha1sum.b.
echo -n abc > $t/abc
echo -n > $t/empty
sha1sum $t/abc
sha1sum $t/abc $t/empty
sha1sum < $t/abc
sha1sum < $t/empty; echo $status
sha1sum $t/missing $t/abc; echo $status
