implement Workdir;

# The current directory is the name the system recorded for "." when it
# was opened.

include "sys.m";
	sys: Sys;

include "workdir.m";

init(): string
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	fd := sys->open(".", Sys->OREAD);
	if(fd == nil)
		return nil;
	return sys->fd2path(fd);
}
