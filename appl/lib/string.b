implement String;

# Character classes, splitting, case, numbers and sh-style quoting.

include "string.m";

# Is c in the class cl? A '-' between two characters makes a range; a
# leading '^' complements the class; the empty class holds nothing.
in(c: int, cl: string): int
{
	if(cl == nil)
		return 0;
	negated := cl[0] == '^';
	first := 0;
	if(negated)
		first = 1;
	found := 0;
	for(i := first; i < len cl && !found; i++){
		if(i+2 < len cl && cl[i+1] == '-'){
			found = cl[i] <= c && c <= cl[i+2];
			i += 2;
		}else
			found = c == cl[i];
	}
	if(negated)
		return !found;
	return found;
}

splitl(s, cl: string): (string, string)
{
	for(i := 0; i < len s; i++)
		if(in(s[i], cl))
			return (s[0:i], s[i:]);
	return (s, "");
}

splitr(s, cl: string): (string, string)
{
	for(i := len s; i > 0; i--)
		if(in(s[i-1], cl))
			return (s[0:i], s[i:]);
	return ("", s);
}

drop(s, cl: string): string
{
	i := 0;
	while(i < len s && in(s[i], cl))
		i++;
	return s[i:];
}

take(s, cl: string): string
{
	i := 0;
	while(i < len s && in(s[i], cl))
		i++;
	return s[0:i];
}

# Does t occur in s at index i?
occursat(s, t: string, i: int): int
{
	if(i + len t > len s)
		return 0;
	return s[i:i+len t] == t;
}

splitstrl(s, t: string): (string, string)
{
	if(t == nil)
		return ("", s);
	for(i := 0; i + len t <= len s; i++)
		if(occursat(s, t, i))
			return (s[0:i], s[i:]);
	return (s, "");
}

splitstrr(s, t: string): (string, string)
{
	if(t == nil)
		return (s, "");
	for(i := len s - len t; i >= 0; i--)
		if(occursat(s, t, i))
			return (s[0:i+len t], s[i+len t:]);
	return ("", s);
}

prefix(pre, s: string): int
{
	return len pre <= len s && s[0:len pre] == pre;
}

tolower(s: string): string
{
	for(i := 0; i < len s; i++)
		if(s[i] >= 'A' && s[i] <= 'Z')
			s[i] = s[i] + 'a' - 'A';
	return s;
}

toupper(s: string): string
{
	for(i := 0; i < len s; i++)
		if(s[i] >= 'a' && s[i] <= 'z')
			s[i] = s[i] - ('a' - 'A');
	return s;
}

# The value of digit c in the given base, or -1.
digitval(c, base: int): int
{
	v := -1;
	if(c >= '0' && c <= '9')
		v = c - '0';
	else if(c >= 'a' && c <= 'z')
		v = c - 'a' + 10;
	else if(c >= 'A' && c <= 'Z')
		v = c - 'A' + 10;
	if(v >= base)
		return -1;
	return v;
}

# Where the digits of a number in s start, after blanks, a sign and (when
# base is 0) a radix prefix such as 16r: (index, negative, base), or base -1
# when s cannot hold a number in the base asked for.
numstart(s: string, base: int): (int, int, int)
{
	if(s == nil || base < 0 || base == 1 || base > 36)
		return (0, 0, -1);
	i := 0;
	while(i < len s && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	neg := 0;
	if(i < len s && (s[i] == '-' || s[i] == '+')){
		neg = s[i] == '-';
		i++;
	}
	if(base != 0)
		return (i, neg, base);
	j := i;
	while(j < len s && j < i+2 && s[j] >= '0' && s[j] <= '9')
		j++;
	if(j == i || j >= len s || s[j] != 'r')
		return (i, neg, 10);
	radix := int s[i:j];
	if(radix < 2 || radix > 36)
		return (0, 0, -1);
	return (j+1, neg, radix);
}

toint(s: string, base: int): (int, string)
{
	(i, neg, b) := numstart(s, base);
	if(b < 0)
		return (0, s);
	start := i;
	n := 0;
	for(; i < len s; i++){
		d := digitval(s[i], b);
		if(d < 0)
			break;
		n = n*b + d;
	}
	if(i == start)
		return (0, s);
	if(neg)
		n = -n;
	return (n, s[i:]);
}

tobig(s: string, base: int): (big, string)
{
	(i, neg, b) := numstart(s, base);
	if(b < 0)
		return (big 0, s);
	start := i;
	n := big 0;
	for(; i < len s; i++){
		d := digitval(s[i], b);
		if(d < 0)
			break;
		n = n*big b + big d;
	}
	if(i == start)
		return (big 0, s);
	if(neg)
		n = -n;
	return (n, s[i:]);
}

# A real: digits in the base, an optional fraction after '.', and, in
# base 10, an optional exponent e or E with its own sign.
toreal(s: string, base: int): (real, string)
{
	(i, neg, b) := numstart(s, base);
	if(b < 0)
		return (0.0, s);
	v := 0.0;
	ndigits := 0;
	scale := 0.0;		# weight of the next fraction digit; 0 before the point
	for(; i < len s; i++){
		if(s[i] == '.' && scale == 0.0){
			scale = 1.0 / real b;
			continue;
		}
		d := digitval(s[i], b);
		if(d < 0)
			break;
		if(scale == 0.0)
			v = v*real b + real d;
		else{
			v += real d * scale;
			scale /= real b;
		}
		ndigits++;
	}
	if(ndigits == 0)
		return (0.0, s);
	if(b == 10 && i < len s && (s[i] == 'e' || s[i] == 'E')){
		(e, after) := toint(s[i+1:], 10);
		if(len after < len s[i+1:]){
			for(; e > 0; e--)
				v *= 10.0;
			for(; e < 0; e++)
				v /= 10.0;
			i = len s - len after;
		}
	}
	if(neg)
		v = -v;
	return (v, s[i:]);
}

append(s: string, l: list of string): list of string
{
	rev: list of string;
	for(; l != nil; l = tl l)
		rev = hd l :: rev;
	l = s :: nil;
	for(; rev != nil; rev = tl rev)
		l = hd rev :: l;
	return l;
}

quoted(argv: list of string): string
{
	return quotedc(argv, nil);
}

# The words joined by blanks; a word that is empty, or holds white space,
# a quote or a character of cl, is put in single quotes, with each quote
# inside doubled.
quotedc(argv: list of string, cl: string): string
{
	s := "";
	for(; argv != nil; argv = tl argv){
		w := hd argv;
		plain := w != nil;
		for(i := 0; i < len w && plain; i++){
			c := w[i];
			plain = c != ' ' && c != '\t' && c != '\n' && c != '\'' && !in(c, cl);
		}
		if(plain)
			s += w;
		else{
			s[len s] = '\'';
			for(i = 0; i < len w; i++){
				if(w[i] == '\'')
					s[len s] = '\'';
				s[len s] = w[i];
			}
			s[len s] = '\'';
		}
		if(tl argv != nil)
			s[len s] = ' ';
	}
	return s;
}

# The inverse of quoted: words separated by blanks, tabs and newlines, with
# '...' protecting any characters and '' inside quotes standing for one
# quote. An unterminated quote runs to the end of s.
unquoted(s: string): list of string
{
	words: list of string;
	i := 0;
	for(;;){
		while(i < len s && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
			i++;
		if(i >= len s)
			break;
		w := "";
		quoting := 0;
		for(; i < len s; i++){
			c := s[i];
			if(c == '\''){
				if(quoting && i+1 < len s && s[i+1] == '\''){
					w[len w] = c;
					i++;
				}else
					quoting = !quoting;
			}else if(!quoting && (c == ' ' || c == '\t' || c == '\n'))
				break;
			else
				w[len w] = c;
		}
		words = w :: words;
	}
	rev: list of string;
	for(; words != nil; words = tl words)
		rev = hd words :: rev;
	return rev;
}
