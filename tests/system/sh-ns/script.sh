# /prog/N/ns gives one entry per read, as the original's devprog does
# (issue 15, item 5). The ns command (appl/cmd/ns.b) prints what each read
# gives. Sources: man/3/prog (ns), man/1/ns (one bind or mount per line,
# then `cd DIR`). (That the shell's own entry shows the binds made in it is
# checked in emu/tests/shell_host.rs: a shell run by a shell here shares its
# process, and so its /prog entry, with the shell that runs it.)
load std echo
cd /
mkdir $t/nsdir
bind $t $t/nsdir
ns | getlines {~ $line *nsdir* 'cd '* && echo $line}
