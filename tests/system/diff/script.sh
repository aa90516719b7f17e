# diff: man/1/diff (the a/d/c lines with < and > lines, -e, -f, -b, -w,
# directories, several files against a directory); the messages, the
# Binary files line and the statuses (fail:some, fail:error) from the
# original's appl/cmd/diff.b.
echo 'a
b
c
d
e
f' > $t/1
echo 'a
B
c
e
f
g
h' > $t/2
diff $t/1 $t/1; echo same $status
diff $t/1 $t/2; echo $status
diff -e $t/1 $t/2
diff -f $t/1 $t/2
echo -n > $t/empty
diff $t/empty $t/1
diff $t/1 $t/empty
echo 'x  y ' > $t/s1
echo 'x y' > $t/s2
echo 'xy' > $t/s3
diff $t/s1 $t/s2
diff -b $t/s1 $t/s2; echo b $status
diff -b $t/s1 $t/s3
diff -w $t/s1 $t/s3; echo w $status
echo -n 'no newline' > $t/nl1
echo 'no newline' > $t/nl2
diff $t/nl1 $t/nl2
mkdir $t/d1 $t/d2 $t/d1/sub $t/d2/sub
echo one > $t/d1/f
echo two > $t/d2/f
echo only > $t/d1/o1
echo only > $t/d2/o2
echo s1 > $t/d1/sub/x
echo s2 > $t/d2/sub/x
diff $t/d1 $t/d2; echo $status
diff -r $t/d1 $t/d2
diff $t/d1/f $t/d2
diff $t/1 $t/2 $t/d1/f $t/d2; echo $status
echo -n 'a' > $t/b1
cat $t/b1 /dis/echo.dis > $t/bin
diff $t/bin /dis/echo.dis
diff $t/1 $t/missing; echo $status
diff $t/1; echo $status
diff -x $t/1 $t/2; echo $status
diff $t/1 $t/2 $t/s1; echo $status
