# puttar, lstar, gettar: man/1/gettar (puttar of files and directories or
# of names on standard input, lstar's "name mtime size 0" lines, gettar
# into the current directory with -k -v and names); records of 20 blocks
# of 512 bytes, and the messages and statuses, from the original's
# appl/cmd/puttar.b, lstar.b and gettar.b. The working directory is /,
# so relative names here are below /.
cd /
mkdir $t/d $t/d/sub
echo hello > $t/d/a
echo world > $t/d/sub/b
touch -t 1000 $t/d/a $t/d/sub/b
puttar $t/d/a $t/d/sub/b > $t/x.tar
wc -b $t/x.tar
lstar < $t/x.tar
echo tmp/tar/d/a > $t/list
puttar < $t/list > $t/rel.tar
lstar < $t/rel.tar
puttar $t/d | lstar | sed 's/ [0-9]+ [0-9]+ 0$//' | sort
mv $t/d/a $t/d/a.old
gettar -v tmp/tar/d/a < $t/rel.tar
cat $t/d/a
ls -le $t/d/a | sed 's/.* ([0-9]+ [0-9]+ [^ ]+)$/\1/'
echo changed > $t/d/a
gettar -k < $t/rel.tar
cat $t/d/a
gettar nothing < $t/rel.tar
cat $t/d/a
puttar $t/missing > $t/m.tar
wc -b $t/m.tar
lstar < $t/m.tar
echo junk > $t/bad.tar
lstar < $t/bad.tar
gettar < $t/bad.tar; echo $status
dd -if $t/x.tar -bs 512 -count 1 >[2] /dev/null > $t/one.tar
zeros 512 19 >> $t/one.tar
sed 's/tmp/tmq/' $t/one.tar > $t/sum.tar
gettar < $t/sum.tar; echo $status
gettar -z; echo $status
