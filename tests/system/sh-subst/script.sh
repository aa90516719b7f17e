# Command substitution and substitution builtins. Sources: man/1/sh,
# "Arguments and Variables" (` and " substitution, $ifs); man/1/sh-std (hd,
# tl, index, join, split, subfn, parse); man/1/sh, "Built-in Commands"
# (quote, unquote).
load std echo
x = `{echo a b; echo c}
echo $#x $x
y = "{echo a b; echo c}
echo $#y
echo -n $y
ifs = :
z = `{echo -n p:q:r}
echo $#z $z
ifs =
echo ${hd a b c} ${tl a b c} ${index 2 a b c}
echo ${join , a b c} ${split , a,b,,c}
echo ${quote a 'b c' ''} ${unquote 'x ''y z'''}
subfn double { result = $1 $1 }
echo ${double hi}
l = ${parse '{echo parsed}'}
$l
