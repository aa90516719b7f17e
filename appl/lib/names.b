implement Names;

# File names as strings: no file is consulted.

include "sys.m";

include "names.m";

# A name starting with / or with a device (#c, #Uhost...) is rooted: ..
# cannot climb above its root. In others, leading ..s are kept.
cleanname(name: string): string
{
	if(name == nil)
		return ".";
	root := "";
	rest := name;
	if(name[0] == '/')
		root = "/";
	else if(name[0] == '#'){
		if(len name < 2)
			return name;
		for(i := 2; i < len name && name[i] != '/'; i++)
			;
		(root, rest) = (name[0:i], name[i:]);
	}
	kept: list of string;	# elements so far, last first
	for(i := 0; i < len rest; ){
		j := i;
		while(j < len rest && rest[j] != '/')
			j++;
		e := rest[i:j];
		i = j+1;
		case e {
		"" or "." =>
			;
		".." =>
			if(kept != nil && hd kept != "..")
				kept = tl kept;
			else if(root == nil)
				kept = ".." :: kept;
		* =>
			kept = e :: kept;
		}
	}
	body := "";
	for(; kept != nil; kept = tl kept){
		if(body != nil)
			body = "/" + body;
		body = hd kept + body;
	}
	if(root == "/")
		return root + body;
	if(root != nil){
		if(body == nil)
			return root;
		return root + "/" + body;
	}
	if(body == nil)
		return ".";
	return body;
}

lastslash(name: string): int
{
	for(i := len name - 1; i >= 0; i--)
		if(name[i] == '/')
			break;
	return i;
}

dirname(name: string): string
{
	i := lastslash(name);
	if(i < 0)
		return nil;
	if(i == 0)
		return "/";
	return name[0:i];
}

basename(name: string, suffix: string): string
{
	name = name[lastslash(name)+1:];
	if(suffix != nil && len suffix <= len name && name[len name - len suffix:] == suffix)
		return name[0:len name - len suffix];
	return name;
}

relative(name: string, root: string): string
{
	if(root == nil || name == nil || !isprefix(root, name))
		return name;
	name = name[len root:];
	while(name != nil && name[0] == '/')
		name = name[1:];
	return name;
}

rooted(root: string, name: string): string
{
	if(name == nil)
		return root;
	if(root == nil || name[0] == '/' || name[0] == '#')
		return name;
	if(root[len root - 1] == '/')
		return root + name;
	return root + "/" + name;
}

# Trailing slashes on a do not count; the empty name is a prefix of nothing.
isprefix(a: string, b: string): int
{
	if(a == nil)
		return 0;
	while(len a > 1 && a[len a - 1] == '/')
		a = a[0:len a - 1];
	if(len a > len b)
		return 0;
	if(len a == len b)
		return a == b;
	return a == b[0:len a] && (b[len a] == '/' || a == "/");
}

elements(name: string): list of string
{
	sys := load Sys Sys->PATH;
	(nil, els) := sys->tokenize(name, "/");
	if(name != nil && name[0] == '/')
		els = "/" :: els;
	return els;
}

# Each element preceded by a slash; a leading "/" element stands for the root.
pathname(els: list of string): string
{
	if(els == nil)
		return nil;
	if(hd els == "/" && tl els == nil)
		return "/";
	if(hd els == "/")
		els = tl els;
	name := "";
	for(; els != nil; els = tl els)
		name += "/" + hd els;
	return name;
}
