# Running modules as commands: arguments, the status from fail:, a name not
# found, a path. Sources: the programs' own lines are the original's
# (tests/conformance/lang-args.out, rt-cmd-fail.out); man/1/sh, "Simple
# Commands" (a command is a Dis module found in /dis or the current
# directory; `$status` is the text after `fail:`); the original's
# appl/cmd/sh/sh.y (a name not found: `sh: NAME: './NAME' file does not
# exist`, that text the status). A command that breaks is checked in
# emu/tests/shell_host.rs: the kernel's Broken line goes to emu's console,
# outside the test.
load std echo
lang-args one 'two words'
echo status is $#status
rt-cmd-fail
echo status $status
nosuchcommand
echo status $status
/dis/lang-args.dis path
