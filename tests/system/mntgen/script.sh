# mntgen: man/4/mntgen; the directories' mode 8r555 and owner "me" from the
# original's appl/cmd/mntgen.b. A name appears when it is looked up, stays
# while something (a mount) holds it, and goes when nothing does; below a
# name nothing exists. This kernel clunks a fid after the call that used it
# returns, so a listing waits (at most ten seconds) until the names it
# expects are the names there.
load std
fn names {
	echo -n > $t/want
	for n in $* {echo $t/n/$n >> $t/want}
	for i in 1 2 3 4 5 6 7 8 9 10 {
		ls $t/n > $t/names
		cmp -s $t/names $t/want || sleep 1
	}
	cat $t/names
}
mkdir $t/n
mount {mntgen} $t/n
names
ls -d $t/n/a
# (The device number after M counts every mount the system has made: masked.)
ls -ld $t/n/a | sed 's/ M [0-9]+ / M N /'
names
memfs $t/n/x
echo hi > $t/n/x/f
names x
ls -ld $t/n/x | sed 's/ M [0-9]+ / M N /; s/ [^ ]+ memfs / USER memfs /; s/ [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]+ / DATE /'
cat $t/n/x/f
ls $t/n/a/b; echo $status
# mkdir finds the name there already: looking it up made it
mkdir $t/n/made; echo $status
unmount $t/n/x
names
# unmounting ends the server
unmount $t/n
