# ed (no manual page in the original's tree; its appl/cmd/ed.b is the
# fact): addresses (n . $ 'x /re/ ?re? offsets , ;), a c d e f g i j k l m
# n p q r s t u v w = ! b and the empty command; the character counts of r
# and w (not with -); "?" for every error, "?name" for a file it cannot
# read or write; e and q refuse once, and end of input once, with "?" while
# there are unwritten changes; l's escapes (\t \\ and \n after a trailing
# blank); s's & \1 and a line split by \ and newline; ed never fails.
# (ed -o is not tested: it writes /fd/1, and this kernel has no #d.)
# Commands with errors come through a pipe, as the original drops what is
# left in a file after an error. Where ours differs from the original on
# purpose: a line split by s is not searched again (the original's loop goes
# on into the new lines, for ever with s/a/a\na/).
cd $t
echo 'one
two
three
four
five' > f
echo ',p
2
/f/
?o?
$=
=
.=
2,3n
3s/hr/HR/p
s/e/E/gp
u
p
1,2j
p
1t$
,n
2m0
,p
g/o/s/o/0/g
,p
v/0/d
,p
1ka
''ap
a
new line
.
''a,.p
5d
x
w
q
q' > cmds
cat cmds | ed f
echo status $status
cat f
echo 'a
tab	and back\slash 
hello world
.
f
f other
1l
2s/(hel+)o (w)/<\2\1> [&]/p
s/ /\
/p
,n
r nofile
e f
e f
,p
!echo from the shell
3
b2
b-1
q
q' > cmds2
cat cmds2 | ed
echo '$a
appended
.
w
,p' | ed - f
echo 'a
x
.' | ed
echo status $status
echo '1i
first
.
2c
changed
.
,p
1W
Q' | ed f
cat f
# After an error, the commands still to come from a file are dropped (the
# original seeks its standard input to the end): the p is never run.
echo 'x
1p' > cmds
ed f < cmds
