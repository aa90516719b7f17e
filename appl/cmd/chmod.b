implement Chmod;

# chmod mode file ...: set the permissions of each file. mode is octal
# (8r optional) or symbolic [ugoa][+-=][rwxalt]: who is u (user), g
# (group), o (others), a (all, the default); + adds, - takes away, =
# sets exactly; a, l and t are the append-only, exclusive and temporary
# bits. As in the original, a file that cannot be changed is reported
# but does not change the exit status.

include "sys.m";
	sys: Sys;

include "draw.m";

include "string.m";
	str: String;

Chmod: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

USER:	con 8r700;
GROUP:	con 8r070;
OTHER:	con 8r007;
ALL:	con USER|GROUP|OTHER;
SPECIAL:	con Sys->DMAPPEND|Sys->DMEXCL|Sys->DMTMP;

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	str = load String String->PATH;
	if(str == nil){
		sys->fprint(stderr, "chmod: cannot load %s: %r\n", String->PATH);
		raise "fail:bad module";
	}
	if(len argv < 3)
		usage();
	argv = tl argv;
	spec := hd argv;
	argv = tl argv;
	if(str->prefix("8r", spec))
		spec = spec[2:];
	(mode, rest) := str->toint(spec, 8);
	mask := ALL;
	if(spec == "" || rest != ""){
		ok: int;
		(ok, mask, mode) = symbolic(spec);
		if(!ok){
			sys->fprint(stderr, "chmod: bad mode '%s'\n", spec);
			usage();
		}
	}
	for(; argv != nil; argv = tl argv){
		file := hd argv;
		(ok, d) := sys->stat(file);
		if(ok < 0){
			sys->fprint(stderr, "chmod: cannot stat %s: %r\n", file);
			continue;
		}
		n := sys->nulldir;
		n.mode = (d.mode & ~mask) | (mode & mask);
		if(sys->wstat(file, n) < 0)
			sys->fprint(stderr, "chmod: cannot wstat %s: %r\n", file);
	}
}

usage()
{
	sys->fprint(stderr, "usage: chmod [8r]777 file ... or chmod [augo][+-=][rwxal] file ...\n");
	raise "fail:usage";
}

# A symbolic mode: (ok, the bits it changes, their new values).
symbolic(spec: string): (int, int, int)
{
	who := 0;
	i := 0;
	for(; i < len spec && str->in(spec[i], "ugoa"); i++)
		case spec[i] {
		'u' =>	who |= USER;
		'g' =>	who |= GROUP;
		'o' =>	who |= OTHER;
		'a' =>	who |= ALL;
		}
	if(i == len spec)
		return (0, 0, 0);
	if(who == 0)
		who = ALL;
	op := spec[i++];
	if(op != '+' && op != '-' && op != '=')
		return (0, 0, 0);
	perm := 0;
	for(; i < len spec; i++)
		case spec[i] {
		'r' =>	perm |= 8r444;
		'w' =>	perm |= 8r222;
		'x' =>	perm |= 8r111;
		'a' =>	perm |= Sys->DMAPPEND;
		'l' =>	perm |= Sys->DMEXCL;
		't' =>	perm |= Sys->DMTMP;
		* =>	return (0, 0, 0);
		}
	mask := who | SPECIAL;
	case op {
	'+' =>	return (1, mask & perm, perm);
	'-' =>	return (1, mask & perm, ~perm);
	}
	return (1, mask, perm);
}
