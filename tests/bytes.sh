# Standard input that is not UTF-8 (issue 13, item 4): each byte that is not
# part of a UTF-8 sequence reads as U+FFFD, as the original's conversion of
# bytes to a string makes it, and the shell goes on.
load std echo
sh
echo nested shell status $status
