# The expr module (man/1/sh-expr): ${expr} in reverse Polish notation on
# 64-bit integers, and ntest. Expected values follow the manual's statements
# (DESCRIPTION and its list of operators); where it is silent (messages,
# the `!` of expr, wrapping), the original's appl/cmd/sh/expr.b.
load std echo expr
fn try { rescue '*' {echo raised $exception} $1 }
# "${expr 2 1 -} yields 1, not -1"
echo ${expr 2 1 -}
# + - x * / %
echo ${expr 7 3 + 7 3 - 7 3 x 7 3 '*' 7 3 / 7 3 '%'}
# and or xor ~ (complement) _ (unary minus)
echo ${expr 12 10 and 12 10 or 12 10 xor 5 '~' 5 _}
# << shl >> shr
echo ${expr 1 4 '<<' 1 4 shl 256 4 '>>' 256 4 shr}
# relational operators yield 1 or 0
echo ${expr 2 2 '=' 2 2 '==' 2 3 eq 2 3 '!=' 2 3 neq}
echo ${expr 3 2 '>' 3 2 gt 3 2 '<' 3 2 lt 2 2 '>=' 2 2 ge 3 2 '<=' 3 2 le}
# `!` and `not`: expr.b yields 1 for a non-zero operand
echo ${expr 0 '!' 7 not}
# "rep repeats the last operation ... until the values in the stack are exhausted"
echo ${expr 1 2 3 4 + rep}
# "seq ... If its second argument is less than its first, the sequence will descend"
echo ${expr 1 5 seq} / ${expr 5 1 seq}
# -r radix (2 to 36); numbers in Limbo's form (16rff); printed for re-reading
echo ${expr -r 16 255} ${expr -r2 5} ${expr -r 16 255 _} ${expr 16rff 2r101 +} ${expr -r 36 35}
# "Expr uses 64-bit signed integers" (overflow wraps)
echo ${expr 9223372036854775807 1 +}
# "yields all the values remaining on its stack, first pushed first"
echo ${expr 1 2 3}
x = ${expr}
echo empty $#x
# "Ntest returns true if its argument num is non-zero"
ntest 5 && echo ntest 5 true
ntest 0
echo ntest 0 $status
# "Division by zero raises a divide by zero exception"; "A zero modulus" too
try {echo ${expr 1 0 /}}
try {echo ${expr 1 0 '%'}}
# errors of expr.b: too few operands, an unknown operator, bad radix, bad option, rep
try {echo ${expr 1 +}}
try {echo ${expr 1 foo}}
try {echo ${expr -r 40 1}}
try {echo ${expr -q}}
try {echo ${expr 1 2 seq rep}}
try {ntest}
# a bound of this shell: no sequence longer than the stack holds
try {echo ${expr 0 1000000000000 seq}}
whatis expr ntest
