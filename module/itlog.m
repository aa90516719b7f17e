# Itlog: the log lines itest(1) and itreplay(1) print, shared by the two.
# Not an interface of the original; its commands keep their formats in it.

Itlog: module
{
	PATH: con "/dis/lib/itlog.dis";

	init:	fn(verbosity: int, tap: int);
	# Prints msg with the time `when` (0: none; -1: now), indented by `indent`
	# dashes, if sev is not S_INFO or verb is at most the verbosity.
	# Under TAP output the line is a comment ("# ...").
	report:	fn(indent: int, when: int, sev: int, verb: int, msg: string);
	# The same line as report prints, as a string ("" when not shown).
	line:	fn(indent: int, when: int, sev: int, verb: int, msg: string): string;
	# INF, WRN, ERR or FTL; UNK for other codes.
	severity:	fn(sev: int): string;
	# Each line of file, indented by twenty spaces.
	showfile:	fn(file: string);
	# The number of option opt in [min, max] (max -1: no maximum); prints
	# the reason and raises "fail:usage" when s is not one.
	number:	fn(opt: string, s: string, min: int, max: int): int;
};
