# memfs: man/4/memfs; the messages, the file system's owner, group and
# permissions, the 512-byte blocks and their limit, the errors
# ("directory not empty", "filesystem full") and fail:error from the
# original's appl/cmd/memfs.b; the usage line from its setusage.
mkdir $t/m
memfs $t/m
echo x > $t/m/f
cat $t/m/f
mkdir $t/m/d
echo in d > $t/m/d/g
# (The device number after M counts every mount the system has made: masked.)
ls -l $t/m | sed 's/ M [0-9]+ / M N /; s/ [^ ]+ memfs / USER memfs /; s/ [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]+ / DATE /'
cat $t/m/d/g
echo more >> $t/m/f
cat $t/m/f
mv $t/m/f $t/m/h
ls $t/m
rm $t/m/d; echo $status
rm $t/m/d/g $t/m/d
ls $t/m
chmod 444 $t/m/h
@{echo no > $t/m/h}; echo $status
cat $t/m/h
# -m 1024: two blocks; each file takes one, and one more for each 512-byte
# boundary its end reaches
mkdir $t/small
memfs -m 1024 $t/small
echo a > $t/small/a
echo b > $t/small/b
@{echo c > $t/small/c}; echo $status
ls $t/small
# -b: a union with the directory's own files after the new root's
mkdir $t/u
echo old > $t/u/old
memfs -b $t/u
echo new > $t/u/new
ls $t/u
# -s: Styx on standard input (unmounted at the end, which ends it)
mkdir $t/s
mount -c {memfs -s} $t/s
echo served > $t/s/x
cat $t/s/x
unmount $t/s
ls $t/s
memfs -x; echo $status
memfs $t/nowhere; echo $status
