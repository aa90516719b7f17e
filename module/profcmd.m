# Profcmd: the command line of prof(1) and mprof(1), shared by the two:
# flags, starting the profile, running a command under it, and showing
# what was counted. Not an interface of the original.

Profcmd: module
{
	PATH:	con "/dis/lib/profcmd.dis";

	# what is profiled
	TIME:	con 0;
	MEMORY:	con 1;

	# runs the command line argv of prof (kind TIME) or mprof (MEMORY);
	# the profile, instead of showing it, under -g
	run:	fn(ctxt: ref Draw->Context, argv: list of string, kind: int): Profile->Prof;
};
