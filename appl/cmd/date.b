implement Date;

# date [-un] [seconds]: print the date and time, now or of the given number
# of seconds since the epoch; -u in GMT rather than the local zone, -n as
# the number of seconds.

include "sys.m";
	sys: Sys;

include "draw.m";

include "daytime.m";
	daytime: Daytime;

include "arg.m";

Date: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	daytime = load Daytime Daytime->PATH;
	if(daytime == nil)
		nomodule(Daytime->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		nomodule(Arg->PATH);
	arg->init(argv);
	arg->setusage("date [-un] [seconds]");
	ingmt := 0;
	numeric := 0;
	while((c := arg->opt()) != 0)
		case c {
		'u' =>
			ingmt = 1;
		'n' =>
			numeric = 1;
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(argv != nil && (tl argv != nil || !isdigits(hd argv)))
		arg->usage();
	t: int;
	if(argv != nil)
		t = int hd argv;
	else
		t = daytime->now();
	if(numeric)
		sys->print("%d\n", t);
	else if(ingmt)
		sys->print("%s\n", daytime->text(daytime->gmt(t)));
	else
		sys->print("%s\n", daytime->text(daytime->local(t)));
}

nomodule(path: string)
{
	sys->fprint(sys->fildes(2), "date: cannot load %s: %r\n", path);
	raise "fail:load";
}

isdigits(s: string): int
{
	for(i := 0; i < len s; i++)
		if(s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}
