# The mpexpr module (man/1/sh-expr): ${expr} and ntest with arbitrary
# precision and the operators only it has (rand, bits, expmod, invert, exp);
# expectations from the manual's statements, and the original's
# appl/cmd/sh/mpexpr.b where it is silent (radix forms, messages).
load std echo mpexpr
fn try { rescue '*' {echo raised $exception} $1 }
# "mpexpr uses arbitrary-precision signed integers"
echo ${expr 9223372036854775807 1 +} ${expr 2 100 '**'}
# exp, xx, **: exponentiation
echo ${expr 3 4 exp} ${expr 3 4 xx}
# expmod and invert as keyring-ipint(2); bits: the size in bits
echo ${expr 4 13 497 expmod} ${expr 3 11 invert} ${expr 255 bits} ${expr 256 bits}
# rand: "the argument value gives the size of the number, in bits"
ntest ${expr ${expr 64 rand} 18446744073709551616 '<'} && echo rand below two to the 64
# the common operators, bitwise ones in two's complement
echo ${expr 2 1 - 7 3 / 7 3 '%' 12 10 xor 1 _ 2 _ and 5 '~' 0 '!'}
# "mpexpr also allows 64 to specify base64 notation"
echo ${expr -r 64 1} ${expr -r 16 255} ${expr -r 2 5 _} ${expr -r 8 64}
echo ${expr '64rAQ==' 16rff +}
# as mpexpr.b: a decimal literal's minus sign is dropped (use _)
echo ${expr -5}
try {echo ${expr 1 0 /}}
try {echo ${expr 3 6 invert}}
try {echo ${expr 12abc}}
# a bound of this shell: no value beyond 2^20 bits
try {echo ${expr 2 2000000 '**'}}
ntest 0
echo ntest 0 $status
# loading both: the module loaded last provides expr and ntest
load expr
echo ${loaded}
whatis expr ntest
echo ${expr 2 64 '<<'}
