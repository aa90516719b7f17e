# sed (no manual page; the original's appl/cmd/sed.b is the fact): its
# commands and addresses, head-like uses, and its FILE:LINE error lines
# with fail:error and usage with fail:usage.
echo 'line 1
line 2
line 3
line 4
line 5
line 6
line 7
line 8
line 9
line 10' > $t/ten
sed 3q $t/ten
sed -n 2,4p $t/ten
sed -n '$p' $t/ten
sed '2,$d' $t/ten
sed -n '/line 7/,$p' $t/ten
sed -n '/5/,/7/p' $t/ten
sed -n '8,3p' $t/ten
sed '1!d' $t/ten
sed 's/line/L/' $t/ten | sed -n 1p
echo aaa bbb aaa | sed 's/a/x/g'
echo aaa bbb aaa | sed -g 's/a/x/'
echo hello world | sed 's/(hel+)o (w)/<\2\1> [&]/'
echo a/b/c | sed 's|/|\||g'
echo abc | sed 's/x*/-/g'
echo abc | sed 's/b/\n/'
echo abc | sed -n 's/b/B/p'
echo abc | sed 'y/abc/xyz/'
echo one | sed -e 'a\
after' -e 'i\
before'
sed -n '$=' $t/ten
sed -n '/3/{
p
p
}' $t/ten
sed -n '2{;n;p;}' $t/ten
sed -n 'h;n;G;p' $t/ten | sed -n 1,2p
sed '1,8d;N;s/\n/+/' $t/ten
echo xax | sed ':a
s/x/y/
ta'
echo 'tab	\ end ' | sed -n l
sed '2c\
changed' $t/ten | sed -n 1,3p
sed '$c\
never' $t/ten | sed -n '$p'
sed '1,2c\
x' $t/ten; echo $status
sed -n '/line 1$/w '$t/w $t/ten; cat $t/w
echo x | sed 'r '$t/w
sed 'k' $t/ten; echo $status
sed 's/a/b' $t/ten; echo $status
sed 's/(/b/' $t/ten; echo $status
sed 'y/ab/c/' $t/ten; echo $status
sed '0p' $t/ten; echo $status
sed '1,2=' $t/ten; echo $status
sed 'p x' $t/ten; echo $status
sed -z p $t/ten; echo $status
sed; echo $status
sed p $t/missing; echo $status
