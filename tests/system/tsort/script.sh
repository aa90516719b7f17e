# tsort: man/1/tsort (first label of a line before the others; cycles
# reported, their members still printed); the order chosen (labels in
# order of first appearance, the latest successor of a label first) and
# the messages from the original's appl/cmd/tsort.b.
echo 'a b c
b d
c d
e' | tsort
echo 'x y
y z
z x
w x' | tsort
tsort < /dev/null; echo $status
