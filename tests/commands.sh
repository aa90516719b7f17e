# Running modules as commands: arguments, status from fail:, broken, not found.
load std echo
lang-args one 'two words'
echo status is $#status
rt-cmd-fail
echo status $status
rt-err-uncaught
echo status $status
nosuchcommand
echo status $status
/dis/lang-args.dis path
