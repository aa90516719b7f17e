# Parse errors stop a script with the line number; what came before ran.
# Sources: man/1/sh, "Exceptions" (parse error); the message
# `sh: FILE:LINE: syntax error` as the original's appl/cmd/sh/sh.y prints it
# for a script file (named as it was given to sh).
load echo
echo before
echo a=b
echo not reached
