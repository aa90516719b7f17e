# File name patterns: unquoted *, ? and [...] match names element by element;
# quoted patterns and variable values stay literal; no match keeps the word.
load echo
echo /dis/lang-*.dis
echo /dis/rt-*
echo '/dis/*'
echo /nomatch/*
echo /d?s/[lr]*-args.dis
x = '/dis/*'
echo $x
echo /tests/glob.s[h] /tests/glob.[a-o]ut
