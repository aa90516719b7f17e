implement Filepat;

# Glob patterns: * matches any string, ? any one character, [...] a class
# of characters and ranges ([^...] its complement), \ quotes the next
# character. expand matches a pattern element by element against the
# directories of the name space.

include "sys.m";
	sys: Sys;

include "readdir.m";
	readdir: Readdir;

include "filepat.m";

expand(pat: string): list of string
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	if(readdir == nil)
		readdir = load Readdir Readdir->PATH;
	(nil, elems) := sys->tokenize(pat, "/");
	if(elems == nil)
		return matchindir(pat, "", 0, nil);
	# the names matched so far; "" is the current directory
	paths := "" :: nil;
	if(pat[0] == '/')
		paths = "/" :: nil;
	for(; elems != nil && paths != nil; elems = tl elems){
		dirsonly := tl elems != nil;
		found: list of string;
		for(l := reverse(paths); l != nil; l = tl l)
			found = matchindir(hd elems, hd l, dirsonly, found);
		paths = found;
	}
	return paths;
}

reverse(l: list of string): list of string
{
	r: list of string;
	for(; l != nil; l = tl l)
		r = hd l :: r;
	return r;
}

join(dir, name: string): string
{
	if(dir == "" || dir == "/")
		return dir + name;
	return dir + "/" + name;
}

# The names in dir matching the element pat, in order, followed by acc.
matchindir(pat, dir: string, dirsonly: int, acc: list of string): list of string
{
	if(pat == "." || pat == "..")
		return join(dir, pat) :: acc;
	where := dir;
	if(where == "")
		where = ".";
	(d, n) := readdir->init(where, Readdir->NAME|Readdir->DESCENDING|Readdir->COMPACT);
	if(n <= 0)
		return acc;
	for(i := 0; i < n; i++){
		if(i > 0 && d[i].name == d[i-1].name)
			continue;
		if(dirsonly && (d[i].mode & Sys->DMDIR) == 0)
			continue;
		if(match(pat, d[i].name))
			acc = join(dir, d[i].name) :: acc;
	}
	return acc;
}

match(pat, name: string): int
{
	return matchat(pat, 0, name, 0);
}

matchat(pat: string, p: int, name: string, n: int): int
{
	while(p < len pat){
		c := pat[p++];
		case c {
		'*' =>
			if(p == len pat)
				return 1;
			for(; n <= len name; n++)
				if(matchat(pat, p, name, n))
					return 1;
			return 0;
		'?' =>
			if(n == len name)
				return 0;
			n++;
		'[' =>
			if(n == len name)
				return 0;
			(ok, next) := inclass(pat, p, name[n]);
			if(!ok)
				return 0;
			p = next;
			n++;
		'\\' =>
			if(p == len pat || n == len name || pat[p] != name[n])
				return 0;
			p++;
			n++;
		* =>
			if(n == len name || c != name[n])
				return 0;
			n++;
		}
	}
	return n == len name;
}

# Does c belong to the class starting at pat[p] (just after its '[')?
# Returns the verdict and the index after the closing ']'; an unclosed
# class matches nothing.
inclass(pat: string, p: int, c: int): (int, int)
{
	negate := 0;
	if(p < len pat && pat[p] == '^'){
		negate = 1;
		p++;
	}
	found := 0;
	for(;;){
		if(p >= len pat)
			return (0, p);
		lo := pat[p++];
		if(lo == ']')
			break;
		if(lo == '\\' && p < len pat)
			lo = pat[p++];
		hi := lo;
		if(p+1 < len pat && pat[p] == '-' && pat[p+1] != ']'){
			hi = pat[p+1];
			p += 2;
			if(hi == '\\' && p < len pat)
				hi = pat[p++];
		}
		if(lo <= c && c <= hi)
			found = 1;
	}
	return (found != negate, p);
}
