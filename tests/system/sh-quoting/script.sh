# Words and quoting: quotes double inside quotes, # starts a comment, carets.
# Sources: man/1/sh, "Command Lines" (# to the end of the line is ignored
# except in quotes, even inside a word), "Arguments and Variables" (quoting,
# '' for a quote), "Free Carets"; a braced block as an argument prints as
# the original's appl/cmd/sh/sh.y (cmd2string) writes it.
load echo
echo 'it''s' 'two words' ''	# a comment
echo a#b
echo 'a#b'
echo 'multi
line'
x = stem
echo $x.b -$x 'q'$x $x^'.'^c
echo a^(b c) (x y)^(1 2)
echo (a b)^z
echo 'a=b' '{' '}'
echo {echo x; echo y}
echo {a | b >[2=1] >f}
