# std: if, for, while, and, or, !, ~, apply, raise and rescue, break.
# Sources: man/1/sh-std for each builtin (if with several conditions, `~`
# patterns as in glob, rescue's patterns, `raise break` ending a loop);
# whatis of a function (`load std; fn NAME {body}`) and of a name that is
# nothing (`x: not found` on standard error, and nothing else) as the
# original's appl/cmd/sh/sh.y (whatisit) prints them; `fn NAME` with no
# body removes it (man/1/sh-std, fn).
load std echo
if {~ abc 'a*'} {echo match} {echo nomatch}
if {~ abc 'x*'} {echo one} {~ abc '*c'} {echo two} {echo three}
if {status fail} {echo then} {echo else}
for i in 1 2 3 {echo for $i}
n = 0
while {! ~ $n 3} { n = `{if {~ $n 0} {echo 1} {~ $n 1} {echo 2} {echo 3}}; echo while $n }
and {status ''} {echo and-ran}
or {status x} {echo or-ran}
~ a b && echo not-printed
~ a a && echo and-printed
~ a b || echo or-printed
! ~ a b
echo not $status
~ foo 'f[a-z]?' '*x'
echo tilde $status
apply {echo apply $1} x y
for i in a b c d {if {~ $i c} {raise break}; echo loop $i}
rescue 'oops*' {echo rescued $exception} {echo before; raise oops-1; echo after}
fn greet { echo hello $1 }
greet world
whatis greet x
fn greet
whatis greet
