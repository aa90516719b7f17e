# tokenize: the original's appl/cmd/tokenize.b (no manual page): the
# tokens of sys->tokenize one to a line, and its usage with "fail: usage".
tokenize 'a,b,,c;d' ',;'
tokenize '  lead and trail  ' ' '
tokenize '' ' '
tokenize a; echo $status
