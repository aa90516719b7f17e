# /prog/N/ns gives one entry per read, as the original's devprog does, and
# the shell's own entry shows the binds made in it (issue 15, item 5). The
# ns command (appl/cmd/ns.b) prints what each read gives.
load std echo
mkdir /tmp/nsdir
bind /tmp /tmp/nsdir
ns | getlines {~ $line *nsdir* 'cd '* && echo $line}
ns ${pid} | getlines {~ $line *nsdir* && echo the shell: $line}
