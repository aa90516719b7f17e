# du: man/1/du (-a -s -n -t -b, sizes rounded up to blocks and shown in
# kilobytes); the output formats (%-4bd, %q names) and the warning text
# from the original's appl/cmd/du.b, whose status stays 0 on a warning.
mkdir $t/d $t/d/sub
echo hello > $t/d/small
echo 'a longer file of some bytes' > $t/d/sub/big
touch -t 1000 $t/d/small $t/d/sub/big $t/d/sub $t/d
du $t/d
du -a $t/d
du -s $t/d
du -n $t/d
du -s -n $t/d
du -a -b 1 $t/d
du -b 2k -s $t/d
du -t $t/d/small
du -n -t $t/d/small $t/d/sub/big
echo x > $t/'with space'
du -n $t/'with space'
du $t/missing $t/d/small; echo $status
du -x; echo $status
