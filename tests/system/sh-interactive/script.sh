# An interactive shell reading its standard input: prompts, continuation
# lines, parse errors and exceptions do not end it; exit does. Sources:
# man/1/sh, "Invocation" (-i), "Exceptions" (an interactive shell catches
# them); the prompts `; ` and an empty continuation prompt when $prompt is
# unset, and the message `sh: stdin: parse error: ...`, as the original's
# appl/cmd/sh/sh.y prints them (its manual's `% ` under "Special Variables"
# is not what the program does).
load echo
sh -i
echo back $status
