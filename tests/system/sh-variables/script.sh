# Variables and lists: $#, $", assignment forms, scope of :=, indirection, $*.
# Sources: man/1/sh, "Arguments and Variables" ($#, $", $$name, $0 and $*),
# "Assignment" (= and :=, list assignment, the last name taking the rest).
load std echo
x = (a b 'c d')
echo $#x $"x
echo $#nosuch $"nosuch end
(p q) = 1 2 3
echo p $p q $q
a = b = val
echo $a $b
name = x
echo $$name
echo args $#* $1 $2 / $0
g = global
{ g := local; echo in $g; h := inner }
echo out $g $#h
{ g = changed }
echo after $g
e =
echo empty $#e
echo concat `{echo 1 2}^.b
fn show { echo show $#* $* }
show a (b c) ()
