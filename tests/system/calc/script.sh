# calc: man/1/calc (expressions with Limbo-like operators and the extra
# ones, numbers in C and Limbo bases, variables, fn, control statements,
# print, printbase, sigma, blanks as commas, expression arguments,
# standard input); which statements print their value, the number formats
# and the "error: line N: ..." messages from the original's
# appl/cmd/calc.b. Values checked by hand.
echo '1+2
x = 3
x * 4
2 ** 10
7 // 2; 7 % 3; 010; 0x1f; 16rff; ''a''
1/3
y := 5; y++; y
fn fact(n) { if(n <= 1) return 1; return n*fact(n-1) }
fact(10)
print "hi ", 1+1, "\n"
for(i = 0; i < 3; i++) print i, " "
print "\n"
i = 0; while(i < 100) { i += 7; if(i > 30) break }; i
do i--; while(i > 30); i
a = 1, b = 2
a, b
5!
sigma(k = 1, 10, k)
pi(k = 1, 5, k)
printbase = 16
255
printbase = 2
5
printbase = 10
3 > 2 && 0
1 ? 2 : 3
1 2 3
1 -> 0; 0 <- 1; 1 <-> 1; 1 ↑ 1; 0 ↓ 0
~0; !0; -(-4); 1 << 4; 256 >> 2; 6 & 3; 6 | 3; 6 ^ 3
abs(-2) + sign(-3) + int(2.7) + floor(2.5) + max(1, 2)
degrees = 1; sin 90; degrees = 0
)
"x"
fact(1, 2)
break
y := 1
erf(1)' > $t/prog
calc $t/prog
calc '2*3' '+1'
echo 'z = 4; z*z' | calc
echo 'w + 1' | calc -s
echo '(1' | calc
