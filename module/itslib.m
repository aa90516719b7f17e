# Itslib: how a Limbo test run by itest(1) reports to it. Member names, types
# and order agree with the original interface.

Itslib: module
{
	PATH: con "/dis/lib/itslib.dis";

	init: fn(): ref Tconfig;

	# Severities; S_STIME and S_ETIME carry the test's start and end times.
	S_INFO: con 0;
	S_WARN: con 1;
	S_ERROR: con 2;
	S_FATAL: con 3;
	S_STIME: con 4;
	S_ETIME: con 5;

	# Environment variables itest sets for the tests it runs.
	ENV_VERBOSITY: con "ITS_VERBOSITY";
	ENV_MFD: con "ITS_MFD";

	Tconfig: adt {
		verbosity: int;
		mfd: ref Sys->FD;
		report: fn(t: self ref Tconfig, sev: int, verb: int, msg: string);
		done: fn(t: self ref Tconfig);
	};
};
