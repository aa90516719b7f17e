# Readdir: read a whole directory, optionally sorted.
# Member names, types and order agree with the original interface.

Readdir: module
{
	PATH:	con	"/dis/lib/readdir.dis";

	# sort keys; DESCENDING may be or'd into any of them
	NAME, ATIME, MTIME, SIZE, NONE: con iota;
	DESCENDING:	con (1<<5);

	init:	fn(path: string, sortkey: int): (array of ref Sys->Dir, int);
	readall:	fn(fd: ref Sys->FD, sortkey: int): (array of ref Sys->Dir, int);
	sortdir:fn(a: array of ref Sys->Dir, key: int): (array of ref Sys->Dir, int);

	# or'd into sortkey: of entries of a union sharing a name, keep the first
	COMPACT:	con (1<<4);
};
