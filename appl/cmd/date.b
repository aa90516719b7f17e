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
	stderr := sys->fildes(2);
	daytime = load Daytime Daytime->PATH;
	if(daytime == nil){
		sys->fprint(stderr, "date: cannot load %s: %r\n", Daytime->PATH);
		raise "fail:bad module";
	}
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "date: cannot load %s: %r\n", Arg->PATH);
		raise "fail:bad module";
	}
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
	t: int;
	case len argv {
	0 =>
		t = daytime->now();
	1 =>
		t = int hd argv;
	* =>
		arg->usage();
	}
	if(numeric)
		sys->print("%d\n", t);
	else if(ingmt)
		sys->print("%s\n", daytime->text(daytime->gmt(t)));
	else
		sys->print("%s\n", daytime->text(daytime->local(t)));
}
