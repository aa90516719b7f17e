# runas: man/1/runas (write the user to /dev/user, run the command only if
# that worked); the usage line, messages and statuses from the original's
# appl/cmd/runas.b; who may write /dev/user (the host owner, once: the new
# user is not the owner) from the original's emu/port/devcons.c. The test
# runs as the host owner, whose name depends on the host, so it is compared
# rather than printed.
load std
me = `{cat /dev/user}
runas; echo status $status
runas bob; echo status $status
runas bob sh -c 'cat /dev/user; echo; cat /dev/user > $t/bob'
echo status $status
# The name reaches what the command starts, not the shell that ran runas.
if {~ `{cat /dev/user} $me} {echo shell unchanged}
# bob is not the host owner: he cannot open /dev/user to write it.
runas bob runas carol cat /dev/user; echo status $status
# runas drops the command's status, as the original does.
runas bob sh -c 'load std; raise fail:oops'; echo status $status
runas bob /nonexistent; echo status $status
