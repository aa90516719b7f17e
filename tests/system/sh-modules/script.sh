# load, unload, loaded, ${loaded} and whatis with the modules (man/1/sh,
# "Built-in commands"): builtins are listed sorted with their module.
load std echo expr string regex arg csv
echo ${loaded}
loaded
whatis match re padl arg getcsv
# `builtin` runs only the shell's own builtins; a module's is looked for as a command
builtin ntest 1
echo status $status
builtin whatis ntest
unload regex
echo ${loaded}
whatis match
unload regex
echo status $status
load /dis/sh/regex.dis
echo ${loaded}
# ${pipe} of std (man/1/sh-std): a name to open, and its usage (sh-pipe
# has more)
x = ${pipe from {echo hi; read <[0=1] > /dev/null}}
~ $x /tmp/pipes/* && echo pipe gives a name; read < $x
rescue '*' {echo raised $exception} {echo ${pipe sideways {echo}}}
