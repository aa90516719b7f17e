# Standard input that is not UTF-8 (issue 13, item 4): each byte that is not
# part of a UTF-8 sequence reads as U+FFFD, as the original's conversion of
# bytes to a string makes it (Runeerror, the original's lib9 rune decoding),
# and the shell goes on. A shell reading the console is interactive and
# prompts with `; ` (man/1/sh, "Invocation"; the prompt as the original's
# appl/cmd/sh/sh.y prints it when $prompt is unset).
load std echo
sh
echo nested shell status $status
