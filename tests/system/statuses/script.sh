# The failure statuses of the older commands, as the original's sources
# raise them: kill and rm "fail: usage" (with its blank), tail and
# unmount never failing, mkdir fail:error, ls fail:errors; uniq's
# message ends in two newlines, as the original's does.
kill; echo kill $status
rm -x; echo rm $status
rm $t/missing; echo rm $status
tail $t/missing; echo tail $status
tail -n; echo tail $status
unmount; echo unmount $status
unmount $t/nothing; echo unmount $status
mkdir $t/d $t/d; echo mkdir $status
ls $t/missing; echo ls $status
uniq $t/missing; echo uniq $status
cat $t/missing; echo cat $status
