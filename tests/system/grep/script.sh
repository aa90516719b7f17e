# grep and the regular expressions of regex(2): man/1/grep (-l, -L, -n,
# -v, -i, -s, the status); from the original's appl/cmd/grep.b, that -l
# wins over -L, that a line is matched with its newline (which \n matches
# and $ comes before) and a last line without one is printed as it is;
# from its appl/lib/regex.b, the grammar (one * + or ? after a primary, no
# empty alternative, [] empty, \n a newline, . not a newline) and its two
# messages.
load std
echo 'alpha
beta
gamma' > $t/a
echo -n 'no newline at end' > $t/nonl
grep -lL ph $t/a
grep -L zz $t/a
grep -n 'a\n' $t/a
grep 'a[^x]' $t/a
grep 'a.' $t/a
grep 'd$' $t/nonl; echo $status
grep 'n$' $t/nonl; echo
grep -v zz $t/nonl; echo
grep '(a)(l)' $t/a
grep '()' $t/a
for p in '' 'a|' '|a' 'a||b' '(|a)' '[]a]' '[a-]' ']' 'a**' 'a+?' '*a' 'a\' '[z-a]' '[' ')' '(a' 'a)' {
	grep $p $t/a; echo $status
}
echo 'a]b' | grep '[]a]'
echo 'x.y' | grep '\.'
# (from a file: a writer into a pipe could find sed gone, and fail)
echo ab > $t/ab
sed -n '/[[:alpha:]]/p' < $t/ab; echo $status
