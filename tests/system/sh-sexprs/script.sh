# The sexprs module (man/1/sh-sexprs over man/2/sexprs): getsexprs, islist and
# the substitution builtins; expectations from those manuals' DESCRIPTIONs
# (text() is the advanced form: tokens bare, other text quoted, short binary
# in hex) and the original's messages (appl/cmd/sh/sexprs.b, appl/lib/sexprs.b).
load std echo sexprs
# "It reads S-expressions from the standard input, and for expression read,
# it invokes command with $sexp set to the text representation"; expressions
# cross lines; canonical and advanced forms mix.
echo '(a b) "c d" #414243# #00ff# (x
 (y 1:z z)) [hint]w {KDE6YSk=}' | getsexprs {echo sexp $sexp}
# "Getsexprs recognises the usual loop break and continue exceptions"
echo 'a b c d' | getsexprs {if {~ $sexp b} {raise continue}; if {~ $sexp d} {raise break}; echo got $sexp}
# A read error is reported and reading goes on.
echo 'a ) b' | getsexprs {echo got $sexp}
# islist: "a nil (true) status if sexp ... is a list element"
islist '(a)' && echo '(a)' is a list
islist a; echo a is not: $status
# els: "a list of the S-expressions it contains"; textels: their text values
echo ${quote ${els '(a (b c) "d e")'}}
echo ${quote ${textels '(a (b c) "d e")'}}
# text: "the value of that element"; for a list, an empty string
echo ${text '"x y"'} ${quote ${text '(x)'}}
# mktext, mklist, mktextlist
echo ${mktext 'x y'} ${mktext token} ${mktext 12}
echo ${mklist a ${mktext 'b c'} '(d)'} ${mklist}
echo ${mktextlist a 'b c' 1}
# "It is an error if sexp is not a valid S-expression."
sh -c 'load sexprs; echo ${els ''(a''}'
echo status $status
sh -c 'load sexprs; echo ${text ''(a) b''}'
echo status $status
