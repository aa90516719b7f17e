load std test
echo 1 > /tmp/passing.a
echo 2 > /tmp/passing.b
report INF 5 testing cmp
if {cmp /tmp/passing.a /tmp/passing.b > /dev/null} {
	report ERR 0 'cmp said different files are the same'
} {
	report INF 2 'cmp found the files differ'
}
echo output of the passing test
