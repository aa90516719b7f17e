implement Newer;

# newer new old: succeed when file new is no older than file old (by
# modification time). Fails with fail:new:ERROR or fail:old:ERROR when a
# file cannot be examined, fail:new:directory or fail:old:directory for a
# directory, and fail:older when new is older.

include "sys.m";
	sys: Sys;

include "draw.m";

Newer: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	if(len argv != 3){
		sys->fprint(sys->fildes(2), "usage: newer newfile oldfile\n");
		raise "fail:usage";
	}
	new := mtime("new", hd tl argv);
	old := mtime("old", hd tl tl argv);
	if(old > new)
		raise "fail:older";
}

mtime(which, file: string): int
{
	(ok, d) := sys->stat(file);
	if(ok < 0)
		raise sys->sprint("fail:%s:%r", which);
	if(d.mode & Sys->DMDIR)
		raise "fail:" + which + ":directory";
	return d.mtime;
}
