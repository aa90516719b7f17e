# The regex module (man/1/sh-regex) over regexp(6) expressions; expectations
# from the manual's descriptions and EXAMPLES, and the messages of the
# original's appl/cmd/sh/regex.b.
load std echo regex
fn try { rescue '*' {echo raised $exception} $1 }
# EXAMPLES: the files that end in .dis or .sbl
echo ${re g '\.(sbl|dis)$' a.dis b.b c.sbl d.dis.b}
# EXAMPLES: a string broken up into its characters
x = ${re mg '.|\n' 'ab
c'}
echo $#x ${quote $x}
# EXAMPLES: a string quoted for use as a literal regular expression
s = 'a.b*c(d)'
echo ${re sg '[*|[\\+.^$()?]' '\\\0' $s}
# EXAMPLES: pat2regexp (on one line: the original, like this shell, refuses a
# ${} whose braces hold more than one command, as the manual's layout makes it)
subfn pat2regexp { result = '^' ^ ${re sg '\*' '.*' ${re sg '\?' '.' ${re sg '[()+\\.^$|]' '\\\0' $*}}} ^ '$' }
echo ${pat2regexp '?.sbl*'}
# v: each arg that does not match
echo ${re v '^a' ab ba ca}
# m: the portion that matches (leftmost, then longest); M: then each subexpression
echo ${re m 'a|ab' xaby} ${re M '(a+)(b*)' xaabbc}
x = ${re m z abc}
echo no match $#x
# mg: "If a match is made to the null string, no subsequent substitutions will take place"
echo ${quote ${re mg 'b*' abbc}}
# s: the first match, \d a subexpression, \0 the match, \c the character c
echo ${re s '(a)(b)' '<\2\1\0\x>' xabab} ${re s q Q abc}
# sg: every match; "Only one occurrence of the null string is substituted"
echo ${re sg o 0 foo} ${re sg 'x*' - abc}
# match: a false status unless every arg matches
match 'a+' a baa && echo match all
match b abc xyz
echo match $status
# a bad regex and wrong arguments
try {match '(' x}
try {echo ${re g ''}}
try {echo ${re g 'a**'}}
try {echo ${re x a}}
try {echo ${re m a}}
try {match}
# no expression takes time exponential in the text
x = ${re m '(a*)*(a|b)*c' aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}
echo pathological $#x
