implement Regex;

# Regular expressions:
#	c	the character c, unless it is one of \ . * + ? [ ] ( ) | ^ $
#	\c	the character c; \n a newline
#	.	any character but a newline
#	[set]	a character of the set: characters and ranges a-z, up to the
#		first ] (so [] is empty); [^set] its complement
#	^ $	the beginning and end of the text
#	e*	zero or more e;  e+ one or more;  e? zero or one
#	e1e2	e1 then e2;  e1|e2 either
#	(e)	e, as a subexpression whose position is reported
# Postfix operators bind tightest, then concatenation, then |. As in the
# original, the range searched bounds where a match may start and where ^
# and $ match, while characters are matched up to the end of the text.
#
# The parser builds a tree of Rex nodes in an Arena. The matcher walks it
# by backtracking with an explicit stack of what remains to be matched, and
# keeps the longest match at the leftmost position where there is one.

include "regex.m";

# parser state
pat: string;
pos: int;
arena: ref Arena;
bad: int;	# the expression is not valid

newnode(kind, left, right: int, set: ref Set, pno: int): refRex
{
	if(arena.ptr == len arena.rex){
		bigger := array[2 * len arena.rex] of Rex;
		bigger[0:] = arena.rex;
		arena.rex = bigger;
	}
	arena.rex[arena.ptr] = Rex(kind, left, right, set, pno);
	return arena.ptr++;
}

# The grammar is the original's, and so are its two messages: an empty
# expression is "missing expression", anything else that does not parse
# (an empty alternative, class or group other than (), a second * + or ?
# after a primary, a stray ) or ], a trailing \) "invalid regular expression".
compile(e: string, flag: int): (Re, string)
{
	if(e == nil)
		return (nil, "missing expression");
	pat = e;
	pos = 0;
	bad = 0;
	arena = ref Arena(array[16] of Rex, 0, -1, 0);
	root := alternation();
	compiled := arena;
	arena = nil;
	pat = nil;
	if(bad || root < 0 || pos < len e)
		return (nil, "invalid regular expression");
	compiled.start = root;
	if(!flag)
		compiled.pno = 0;
	return (compiled, nil);
}

# The next character, or -1 at the end or once the expression is bad.
peek(): int
{
	if(bad || pos >= len pat)
		return -1;
	return pat[pos];
}

# An alternation of one or more concatenations; -1 if there is none.
alternation(): refRex
{
	n := concatenation();
	if(n < 0 || peek() != '|')
		return n;
	pos++;
	m := alternation();
	if(m < 0)
		return -1;
	return newnode(ALT, n, m, nil, 0);
}

# One or more repetitions one after another; -1 if there is none.
concatenation(): refRex
{
	n := repetition();
	if(n < 0)
		return -1;
	for(;;){
		m := repetition();
		if(m < 0)
			return n;
		n = newnode(CAT, n, m, nil, 0);
	}
}

# A primary and at most one * + or ?; -1 at a character no primary starts with.
repetition(): refRex
{
	case peek() {
	-1 or ')' or ']' or '|' or '?' or '*' or '+' =>
		return -1;
	}
	n := primary();
	if(n < 0)
		return -1;
	kind: int;
	case peek() {
	'*' =>	kind = CLO;
	'+' =>	kind = PCLO;
	'?' =>	kind = OPT;
	* =>	return n;
	}
	pos++;
	return newnode(kind, n, -1, nil, 0);
}

primary(): refRex
{
	c := pat[pos++];
	case c {
	'.' =>
		return newnode(DOT, -1, -1, nil, 0);
	'^' =>
		return newnode(HAT, -1, -1, nil, 0);
	'$' =>
		return newnode(DOL, -1, -1, nil, 0);
	'[' =>
		s := charclass();
		if(s == nil)
			return -1;
		return newnode(SET, -1, -1, s, 0);
	'(' =>
		pno := ++arena.pno;
		n: refRex;
		if(peek() == ')')
			n = newnode(NUL, -1, -1, nil, 0);
		else{
			n = alternation();
			if(n < 0 || peek() != ')'){
				bad = 1;
				return -1;
			}
		}
		pos++;
		return newnode(LPN, n, -1, nil, pno);
	'\\' =>
		c = escaped();
		if(c < 0)
			return -1;
	}
	return literal(c);
}

# The character after a \ (\n a newline); -1, the expression bad, at the end.
escaped(): int
{
	if(pos >= len pat){
		bad = 1;
		return -1;
	}
	c := pat[pos++];
	if(c == 'n')
		c = '\n';
	return c;
}

literal(c: int): refRex
{
	if(c < (1<<16))
		return newnode(c, -1, -1, nil, 0);
	# a character too large to be a kind: a class of one
	return newnode(SET, -1, -1, ref Set(0, array[4] of {* => 0}, (c, c) :: nil), 0);
}

# The class after a '[', up to the first ']' (so [] is empty); nil, the
# expression bad, if there is no ']', or a range is backwards or ends at it.
charclass(): ref Set
{
	s := ref Set(0, array[4] of {* => 0}, nil);
	if(peek() == '^'){
		s.neg = 1;
		pos++;
	}
	while(pos < len pat){
		lo := pat[pos++];
		if(lo == ']')
			return s;
		if(lo == '\\' && (lo = escaped()) < 0)
			return nil;
		hi := lo;
		if(peek() == '-'){
			pos++;
			if(pos >= len pat || (hi = pat[pos++]) == ']')
				break;
			if(hi == '\\' && (hi = escaped()) < 0)
				return nil;
			if(hi < lo)
				break;
		}
		for(; lo <= hi && lo < 128; lo++)
			s.ascii[lo/32] |= 1 << (lo%32);
		if(lo <= hi)
			s.unicode = (lo, hi) :: s.unicode;
	}
	bad = 1;
	return nil;
}

member(s: ref Set, c: int): int
{
	in := 0;
	if(c < 128)
		in = (s.ascii[c/32] >> (c%32)) & 1;
	else
		for(l := s.unicode; l != nil && !in; l = tl l){
			(lo, hi) := hd l;
			in = lo <= c && c <= hi;
		}
	return in != s.neg;
}

# matcher state
re: Re;
text: string;
textstart, textend: int;	# the part of text being searched
atbol, ateol: int;
caps: array of (int, int);	# subexpressions, as far as the current path goes
best: array of (int, int);	# the longest match found from the current start

# What remains after the current node: a node to match from scratch
# (mark -1); a repetition to try again, which must first have consumed
# something since mark; or the end of subexpression node, begun at mark.
Todo: adt {
	node:	refRex;
	mark:	int;
};

execute(x: Re, s: string): array of (int, int)
{
	return executese(x, s, (0, len s), 1, 1);
}

executese(x: Re, s: string, se: (int, int), bol: int, eol: int): array of (int, int)
{
	if(x == nil)
		return nil;
	(textstart, textend) = se;
	if(textstart < 0)
		textstart = 0;
	if(textend > len s)
		textend = len s;
	(re, text, atbol, ateol) = (x, s, bol, eol);
	result: array of (int, int);
	for(start := textstart; start <= textend && result == nil; start++){
		caps = array[x.pno+1] of {* => (-1, -1)};
		best = nil;
		caps[0] = (start, -1);
		step(x.start, start, nil);
		result = best;
	}
	(re, text, caps, best) = (nil, nil, nil, nil);
	return result;
}

succeed(i: int)
{
	if(best != nil && best[0].t1 >= i)
		return;
	best = array[len caps] of (int, int);
	best[0:] = caps;
	best[0] = (caps[0].t0, i);
}

next(i: int, rest: list of Todo)
{
	if(rest == nil){
		succeed(i);
		return;
	}
	t := hd rest;
	rest = tl rest;
	if(t.mark < 0){
		step(t.node, i, rest);
		return;
	}
	n := re.rex[t.node];
	case n.kind {
	CLO or PCLO =>
		if(i == t.mark)		# no progress: stop repeating
			next(i, rest);
		else{
			step(n.left, i, Todo(t.node, i) :: rest);
			next(i, rest);
		}
	LPN =>
		if(n.pno < len caps){
			saved := caps[n.pno];
			caps[n.pno] = (t.mark, i);
			next(i, rest);
			caps[n.pno] = saved;
		}else
			next(i, rest);
	}
}

step(r: refRex, i: int, rest: list of Todo)
{
	n := re.rex[r];
	case n.kind {
	CAT =>
		step(n.left, i, Todo(n.right, -1) :: rest);
	ALT =>
		step(n.left, i, rest);
		step(n.right, i, rest);
	CLO =>
		step(n.left, i, Todo(r, i) :: rest);
		next(i, rest);
	PCLO =>
		step(n.left, i, Todo(r, i) :: rest);
	OPT =>
		step(n.left, i, rest);
		next(i, rest);
	LPN =>
		step(n.left, i, Todo(r, i) :: rest);
	NUL =>
		next(i, rest);
	HAT =>
		if(i == textstart && atbol)
			next(i, rest);
	DOL =>
		if(i == textend && ateol)
			next(i, rest);
	DOT =>
		if(i < len text && text[i] != '\n')
			next(i+1, rest);
	SET =>
		if(i < len text && member(n.set, text[i]))
			next(i+1, rest);
	* =>
		if(i < len text && text[i] == n.kind)
			next(i+1, rest);
	}
}
