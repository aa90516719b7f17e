load std test
d = /tmp/files.test
mkdir -p $d
echo line1 > $d/a
echo line2 >> $d/a
cp $d/a $d/b
if {cmp $d/a $d/b} {report INF 3 'cp makes an equal copy'} {report ERR 0 'cp: copies differ'}
mv $d/b $d/c
if {ftest -e $d/b} {report ERR 0 'mv left the old name'} {report INF 3 'mv removed the old name'}
if {~ `{wc -l < $d/c} 2} {report INF 3 'append kept both lines'} {report ERR 0 'append lost a line'}
rm $d/a $d/c
if {ftest -e $d/a || ftest -e $d/c} {report ERR 0 'rm left a file'} {report INF 3 'rm removed both'}
