implement Itreplay;

# itreplay [-eo] [-v verbosity] recorddir ...
#
# Replays what itest(1) recorded with -R: for each record folder, the test it
# ran (from its summary), the messages the test reported (from msgs) shown at
# the chosen verbosity, and with -o and -e its standard output and error.

include "sys.m";
	sys: Sys;
include "draw.m";
include "arg.m";
include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;
include "itslib.m";
	S_INFO, S_WARN, S_ERROR, S_FATAL, S_STIME, S_ETIME: import Itslib;
include "itlog.m";
	log: Itlog;

Itreplay: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

showout := 0;
showerr := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	arg := load Arg Arg->PATH;
	bufio = load Bufio Bufio->PATH;
	log = load Itlog Itlog->PATH;
	if(arg == nil || bufio == nil || log == nil){
		sys->fprint(sys->fildes(2), "itreplay: cannot load a library: %r\n");
		raise "fail:module";
	}
	log->init(3, 0);
	arg->init(argv);
	arg->setusage("itreplay [-eo] [-v verbosity] recorddir ...");
	verbosity := 3;
	while((o := arg->opt()) != 0)
		case o {
		'e' =>	showerr++;
		'o' =>	showout++;
		'v' =>	verbosity = log->number("v", arg->earg(), 0, 9);
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	log->init(verbosity, 0);
	for(; argv != nil; argv = tl argv)
		replay(hd argv);
}

replay(dir: string)
{
	b := bufio->open(dir + "/summary", Bufio->OREAD);
	summary: string;
	if(b != nil)
		summary = b.gets('\n');
	if(summary == nil){
		sys->fprint(sys->fildes(2), "No summary file in %s\n", dir);
		return;
	}
	(n, f) := sys->tokenize(summary, " \n");
	if(n < 4){
		sys->fprint(sys->fildes(2), "Bad summary file in %s\n", dir);
		return;
	}
	when := int hd f;
	elapsed := int hd tl f;
	cflag := int hd tl tl f;
	test := hd tl tl tl f;
	log->report(1, when, S_INFO, 2, sys->sprint("Processing %s: test %s ran in %dms with cflag=%d",
		dir, test, elapsed, cflag));
	messages(dir + "/msgs", test, cflag);
	if(showout){
		log->report(2, 0, S_INFO, 0, "Stdout from test:");
		log->showfile(dir + "/stdout");
	}
	if(showerr){
		log->report(2, 0, S_INFO, 0, "Stderr from test:");
		log->showfile(dir + "/stderr");
	}
}

# The recorded messages, "TIME:SVtext" a line, reported as itest did.
messages(file: string, test: string, cflag: int)
{
	b := bufio->open(file, Bufio->OREAD);
	if(b == nil)
		return;
	(warns, errors, fatals) := (0, 0, 0);
	start := 0;
	while((s := b.gets('\n')) != nil){
		if(s[len s - 1] == '\n')
			s = s[0:len s - 1];
		colon := 0;
		while(colon < len s && s[colon] != ':')
			colon++;
		if(colon + 3 > len s)
			continue;
		when := int s[0:colon];
		(sev, verb, body) := (s[colon+1] - '0', s[colon+2] - '0', s[colon+3:]);
		case sev {
		S_STIME =>
			start = int body;
			log->report(2, when, S_INFO, 3, sys->sprint("Starting test %s cflag=%d", test, cflag));
		S_ETIME =>
			log->report(2, when, S_INFO, 3, sys->sprint("Finished test %s after %dms - WRN:%d ERR:%d FTL:%d",
				test, int body - start, warns, errors, fatals));
		* =>
			case sev {
			S_WARN =>	warns++;
			S_ERROR =>	errors++;
			S_FATAL =>	fatals++;
			}
			log->report(3, when, sev, verb, log->severity(sev) + ": " + body);
		}
	}
}
