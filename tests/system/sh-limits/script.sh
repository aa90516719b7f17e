# Deep input ends with a clear error at a stated limit, never a crash
# (issue 13, item 3): at most 500 commands nested while running (a `!`, a
# block, a function call each count one), at most 100 levels of nesting in
# the parser (each `&&` or `||` of a chain is one); a chain of carets is flat
# and has no limit. Source: our decision (the project's rule that no input
# may crash the system; the original has no such limits); the statuses are
# the original's exception names (man/1/sh, "Exceptions": parse error).
load std echo
ten = 0 1 2 3 4 5 6 7 8 9
twenty = $ten $ten
cmd = true
for i in $ten {for j in $ten {for k in $twenty {cmd = '!' $cmd}}}
echo $#cmd words
@ $cmd
echo status $status
and = true
for i in $ten {for j in $ten {for k in $twenty {and = $and '&&' true}}}
sh -c $"and
echo status $status
or = false
for i in $ten {for j in $ten {for k in $twenty {or = $or '||' true}}}
sh -c $"or
echo status $status
caret = a
for i in $ten {for j in $ten {for k in $twenty {caret = $caret '^' a}}}
x = `{sh -c 'load echo; echo '^$"caret}
echo $#x word
~ $x aaaaaaaaaaaaaaaaaaaa* && echo made of letters a
