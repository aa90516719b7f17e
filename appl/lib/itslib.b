implement Itslib;

# Reporting from a Limbo test to itest(1). itest passes the verbosity and the
# number of the descriptor its messages go to in the environment
# (ITS_VERBOSITY, ITS_MFD); each message is one line "SV<text>", S the
# severity digit and V the verbosity digit. A test started by hand, without
# those variables, runs standalone: its reports go to standard error.

include "sys.m";
	sys: Sys;
include "env.m";
	env: Env;
include "itslib.m";

init(): ref Tconfig
{
	sys = load Sys Sys->PATH;
	t := ref Tconfig(-1, sys->fildes(2));
	env = load Env Env->PATH;
	if(env == nil)
		sys->fprint(sys->fildes(2), "itslib: cannot load %s: %r\n", Env->PATH);
	else{
		verbosity := env->getenv(ENV_VERBOSITY);
		mfd := env->getenv(ENV_MFD);
		if(verbosity != nil && mfd != nil){
			t.verbosity = int verbosity;
			t.mfd = sys->fildes(int mfd);
		}
	}
	if(t.verbosity < 0)
		sys->fprint(sys->fildes(2), "Test is running standalone\n");
	else
		t.report(S_STIME, 0, string sys->millisec());
	return t;
}

Tconfig.report(t: self ref Tconfig, sev: int, verb: int, msg: string)
{
	if(sev < S_INFO || sev > S_ETIME){
		sys->fprint(sys->fildes(2), "Tconfig.report: Bad severity code: %d\n", sev);
		sev = S_INFO;
	}
	if(verb < 0)
		verb = 0;
	else if(verb > 9)
		verb = 9;
	# A failed write means itest has gone: stop reporting.
	if(t.mfd != nil && sys->fprint(t.mfd, "%d%d%s\n", sev, verb, msg) <= 0)
		t.mfd = nil;
}

Tconfig.done(t: self ref Tconfig)
{
	t.report(S_ETIME, 0, string sys->millisec());
}
