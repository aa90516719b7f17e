# File name patterns: unquoted *, ? and [...] match names element by element;
# quoted patterns and variable values stay literal; no match keeps the word.
# Sources: man/1/sh, "Arguments and Variables" (pattern matching, quoted
# characters not special, a pattern that matches nothing left as it is).
load echo
echo /dis/lang-*.dis
echo /dis/rt-*
echo '/dis/*'
echo /nomatch/*
echo /d?s/[lr]*-args.dis
x = '/dis/*'
echo $x
echo script.s[h] [a-f]xpected
