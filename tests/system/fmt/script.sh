# fmt: man/1/fmt (filling to -l columns, -i indent, -j, blank lines and
# indentation kept, a blank line between files); the two blanks after a
# sentence, tabs for indentation and the messages with fail:length and
# fail:open from the original's appl/cmd/fmt.b.
echo 'The quick brown fox jumps over the lazy dog. It was
not amused!  Mr. Fox ran away; the dog
slept on and on and on and on and on and on and on and on and on.

    An indented paragraph that goes on
    for a while, longer than twenty columns.
	tabbed line' > $t/f
fmt $t/f
fmt -l 30 $t/f
fmt -i 4 -w 40 $t/f
fmt -j -l 40 $t/f
echo one > $t/g
fmt $t/g $t/g
fmt -i 10 -l 10 $t/f; echo $status
fmt $t/missing $t/g; echo $status
fmt -z; echo $status
