load std test
words = `{echo c a b a c a | tr ' ' '\012' | sort | uniq -c | grep 'a$'}
if {~ $#words 2 && ~ ${index 1 $words} 3} {report INF 3 'sort | uniq -c counts a three times'} {
	report ERR 0 'sort | uniq -c | grep gave: '^$"words
}
n = `{echo one two three | wc -w}
if {~ $n 3} {report INF 3 'wc -w counts three words'} {report ERR 0 'wc -w gave '^$n}
cat /no/such/file >[2] /dev/null
if {~ $status ''} {report ERR 0 'cat of a missing file did not fail'} {
	report INF 3 'cat of a missing file fails: '^$status
}
