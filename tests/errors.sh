# Parse errors stop a script with the line number; what came before ran.
load echo
echo before
echo a=b
echo not reached
