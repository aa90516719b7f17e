# An interactive shell reading its standard input: prompts, continuation
# lines, parse errors and exceptions do not end it; exit does.
load echo
sh -i
echo back $status
