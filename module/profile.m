# Profile: reading the profiling device (#P, bound on /prof) and showing
# where Limbo programs spend their time or allocate their memory, by source
# line and function. Member names, types and order agree with the original
# interface, so stock programs load this module.

Profile: module
{
	PATH:	con "/dis/lib/profile.dis";

	# a run of columns l to u of a source line, with its count or code
	Range: adt
	{
		l:	int;
		u:	int;
		f:	int;
		n:	cyclic ref Range;
	};

	# one function: the line it starts on, its count (and, for memory,
	# its high-water count)
	Funprof: adt
	{
		name:	string;
		line:	int;
		count:	int;
		counte:	int;
	};

	# the profile of one module
	Modprof: adt
	{
		name:	string;
		path:	string;
		srcpath:	string;
		rawtab:	array of (int, int);
		linetab:	array of int;
		rngtab:	array of ref Range;
		funtab:	array of Funprof;
		total:	int;
		totals:	array of int;
		coverage:	int;
	};

	# the profiles of all modules
	Prof: adt
	{
		mods:	list of Modprof;
		total:	int;
		totals:	array of int;
	};

	Coverage: type list of (string, int, list of (list of (int, int, int), string));

	# what show prints (or them together)
	MODULE:	con 1;	# each module's totals
	FUNCTION:	con 2;	# each function
	LINE:	con 4;	# each line
	VERBOSE:	con 8;	# lines and functions with no count too
	FULLHDR:	con 16;	# file: before each line number
	FREQUENCY:	con 32;	# counts, not coverage marks

	init:	fn(): int;
	lasterror:	fn(): string;
	profile:	fn(m: string): int;
	sample:	fn(i: int): int;
	start:	fn(): int;
	stop:	fn(): int;
	stats:	fn(): Prof;
	show:	fn(p: Prof, v: int): int;
	end:	fn(): int;

	# coverage profiles
	cpstart:	fn(pid: int): int;
	cpstats:	fn(rec: int, v: int): Prof;
	cpfstats:	fn(v: int): Prof;
	cpshow:	fn(p: Prof, v: int): int;
	coverage:	fn(p: Prof, v: int): Coverage;

	# memory profiles: which memory memstart counts
	MAIN:	con 1;
	HEAP:	con 2;
	IMAGE:	con 4;

	memstart:	fn(mem: int): int;
	memstats:	fn(): Prof;
	memshow:	fn(p: Prof, v: int): int;
};
