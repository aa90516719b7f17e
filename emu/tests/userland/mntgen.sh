# mntgen: man/4/mntgen; the directories' mode 8r555 and owner "me" from the
# original's appl/cmd/mntgen.b. A name appears when it is looked up, stays
# while something (a mount) holds it, and goes when nothing does; below a
# name nothing exists, and nothing can be made.
mkdir $t/n
mount {mntgen} $t/n
ls $t/n
ls -d $t/n/a
ls -ld $t/n/a
ls $t/n
memfs $t/n/x
echo hi > $t/n/x/f
ls $t/n
ls -ld $t/n/x | sed 's/ [^ ]+ memfs / USER memfs /; s/ [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]+ / DATE /'
cat $t/n/x/f
ls $t/n/a/b; echo $status
# mkdir finds the name there already: looking it up made it
mkdir $t/n/made; echo $status
unmount $t/n/x
ls $t/n
# the server shares this name space, so it ends only when unmounted
unmount $t/n
