# Workdir: the name of the current directory.
# Member names, types and order agree with the original interface.

Workdir: module
{
	PATH:	con "/dis/lib/workdir.dis";

	init:	fn(): string;	# nil, with the error string set, on failure
};
