# The string module (man/1/sh-string); each expectation follows the manual's
# statement for the builtin, or string(2) for the functions it says it shares.
load std echo string
fn try { rescue '*' {echo raised $exception} $1 }
# prefix and in: "true (an empty string) if the equivalent string(2) function would be non-zero"
prefix ab abc && echo prefix ab abc
prefix abc ab
echo prefix abc ab $status
in b abc && echo in b abc
in x a-w
echo in x a-w $status
in x '^a-w' && echo in x '^a-w'
# "Where a function in the string(2) module returns a tuple, the equivalent builtin yields a two-element list"
echo ${quote ${splitl abc.def .}} ${quote ${splitr a/b/c /}} ${quote ${splitr abc /}}
echo ${quote ${splitstrl a::b::c ::}} ${quote ${splitstrr a::b::c ::}}
echo ${drop '   x y' ' '} ${take 123abc 0-9}
echo ${tolower MiXeD} ${toupper MiXeD}
# len and alen: "different from the result of len when s contains non-ASCII characters"
echo ${len héllo} ${alen héllo}
# slice: "End may be the literal string end"; "any out of range indices are trimmed"
echo ${slice 1 3 hello} ${slice 2 end hello} ${slice 3 99 hello} ${quote ${slice 4 2 hello}}
# fields: "if there are n characters matching cl inside s, fields will yield n+1 items"
x = ${fields : a::b:}
echo $#x ${quote $x}
# padl pads on the right, padr on the left; several arguments are joined with spaces
echo '['^${padl 6 ab}^']' '['^${padr 6 a b}^']' '['^${padl 1 abc}^']'
# "giving an undefined variable (a zero element list) as an argument will cause a usage exception"
try {echo ${tolower $nothing}}
try {echo ${splitl a}}
try {echo ${slice x 1 abc}}
try {echo ${fields a}}
try {echo ${padl x}}
try {prefix a}
# a bound of this shell on the padded width
try {echo ${padl 99999999 x}}
