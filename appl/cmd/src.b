implement Src;

# src name ...: for each command or module name, "name:<tab>source", where
# source is the path of the Limbo source its .dis records (by Dis->src), or
# the name of the shell script found for it, or "?". A name starting with
# /, #, ./ or ../ is taken as it is; another is looked for in /dis, then in
# the current folder, with ".dis" added unless it ends so. The search ends
# at the first error other than a file that does not exist.

include "sys.m";
	sys: Sys;

include "draw.m";

include "dis.m";
	dis: Dis;

Src: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	dis = load Dis Dis->PATH;
	if(dis == nil || argv == nil)
		return;
	dis->init();
	for(argv = tl argv; argv != nil; argv = tl argv){
		s := source(hd argv);
		if(s == nil)
			s = "?";
		sys->print("%s:\t%s\n", hd argv, s);
	}
}

source(name: string): string
{
	isdis := len name >= 4 && name[len name - 4:] == ".dis";
	folders := "/dis" :: "." :: nil;
	if(rooted(name))
		folders = "" :: nil;
	for(; folders != nil; folders = tl folders){
		path := name;
		if(hd folders != "")
			path = hd folders + "/" + name;
		object := path;
		if(!isdis)
			object += ".dis";
		if((s := dis->src(object)) != nil)
			return s;
		err := sys->sprint("%r");
		if(missing(err) && !isdis){
			(ok, d) := sys->stat(path);
			if(ok == 0 && (d.mode & Sys->DMDIR) == 0 && (d.mode & 8r111) != 0)
				return path;
			err = sys->sprint("%r");
		}
		if(!missing(err))
			break;
	}
	return nil;
}

rooted(p: string): int
{
	if(len p < 2)
		return 0;
	if(p[0] == '/' || p[0] == '#')
		return 1;
	return len p >= 3 && p[0] == '.' && (p[1] == '/' || p[1] == '.' && p[2] == '/');
}

# Whether an error says that a file does not exist.
missing(e: string): int
{
	for(l := "does not exist" :: "directory entry not found" :: nil; l != nil; l = tl l){
		n := len hd l;
		if(n <= len e && e[len e - n:] == hd l)
			return 1;
	}
	return 0;
}
