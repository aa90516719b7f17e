implement Regex;

# Regular expressions:
#	c	the character c, unless it is one of \ . * + ? [ ] ( ) | ^ $
#	\c	the character c
#	.	any character
#	[set]	a character of the set: characters and ranges a-z; [^set] its complement
#	^ $	the beginning and end of the text
#	e*	zero or more e;  e+ one or more;  e? zero or one
#	e1e2	e1 then e2;  e1|e2 either
#	(e)	e, as a subexpression whose position is reported
# Postfix operators bind tightest, then concatenation, then |.
#
# The parser builds a tree of Rex nodes in an Arena. The matcher walks it
# by backtracking with an explicit stack of what remains to be matched, and
# keeps the longest match at the leftmost position where there is one.

include "regex.m";

# parser state
pat: string;
pos: int;
arena: ref Arena;
err: string;

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

compile(e: string, flag: int): (Re, string)
{
	pat = e;
	pos = 0;
	err = nil;
	arena = ref Arena(array[16] of Rex, 0, -1, 0);
	root := alternation();
	if(err == nil && pos < len pat)
		err = "unmatched )";
	compiled := arena;
	arena = nil;
	pat = nil;
	if(err != nil)
		return (nil, err);
	compiled.start = root;
	if(!flag)
		compiled.pno = 0;
	return (compiled, nil);
}

alternation(): refRex
{
	n := concatenation();
	while(err == nil && pos < len pat && pat[pos] == '|'){
		pos++;
		n = newnode(ALT, n, concatenation(), nil, 0);
	}
	return n;
}

concatenation(): refRex
{
	n := -1;
	while(err == nil && pos < len pat && pat[pos] != '|' && pat[pos] != ')'){
		m := repetition();
		if(n < 0)
			n = m;
		else
			n = newnode(CAT, n, m, nil, 0);
	}
	if(n < 0)
		n = newnode(NUL, -1, -1, nil, 0);
	return n;
}

repetition(): refRex
{
	n := primary();
	while(err == nil && pos < len pat){
		kind: int;
		case pat[pos] {
		'*' =>	kind = CLO;
		'+' =>	kind = PCLO;
		'?' =>	kind = OPT;
		* =>	return n;
		}
		pos++;
		n = newnode(kind, n, -1, nil, 0);
	}
	return n;
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
		return newnode(SET, -1, -1, charclass(), 0);
	'(' =>
		pno := ++arena.pno;
		n := alternation();
		if(err == nil && (pos >= len pat || pat[pos] != ')'))
			err = "missing )";
		pos++;
		return newnode(LPN, n, -1, nil, pno);
	'*' or '+' or '?' =>
		err = "missing operand for " + pat[pos-1:pos];
		return -1;
	'\\' =>
		if(pos >= len pat){
			err = "trailing \\";
			return -1;
		}
		c = pat[pos++];
	}
	return literal(c);
}

literal(c: int): refRex
{
	if(c < (1<<16))
		return newnode(c, -1, -1, nil, 0);
	# a character too large to be a kind: a class of one
	return newnode(SET, -1, -1, ref Set(0, array[4] of {* => 0}, (c, c) :: nil), 0);
}

# The class after a '['. A ']' first in the class stands for itself.
charclass(): ref Set
{
	s := ref Set(0, array[4] of {* => 0}, nil);
	if(pos < len pat && pat[pos] == '^'){
		s.neg = 1;
		pos++;
	}
	first := 1;
	for(;;){
		if(pos >= len pat){
			err = "missing ]";
			return s;
		}
		lo := pat[pos++];
		if(lo == ']' && !first)
			break;
		first = 0;
		if(lo == '\\' && pos < len pat)
			lo = pat[pos++];
		hi := lo;
		if(pos+1 < len pat && pat[pos] == '-' && pat[pos+1] != ']'){
			hi = pat[pos+1];
			pos += 2;
			if(hi == '\\' && pos < len pat)
				hi = pat[pos++];
			if(hi < lo){
				err = "bad range in class";
				return s;
			}
		}
		for(; lo <= hi && lo < 128; lo++)
			s.ascii[lo/32] |= 1 << (lo%32);
		if(lo <= hi)
			s.unicode = (lo, hi) :: s.unicode;
	}
	return s;
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
		if(i < textend)
			next(i+1, rest);
	SET =>
		if(i < textend && member(n.set, text[i]))
			next(i+1, rest);
	* =>
		if(i < textend && text[i] == n.kind)
			next(i+1, rest);
	}
}
