implement Os;

# os [-b] [-m mountpoint] [-d dir] [-n] [-N level] cmd [arg ...]
#
# Runs a command of the host through the command device cmd(3), by default
# at /cmd (binding #C before / when /cmd/clone is missing): copies standard
# input to the command and its output and error output back, and ends with
# the command. A host failure status s becomes fail:host: s; a problem
# starting it is "os: text" on standard error and fail:text. -b leaves the
# command running when os ends; -n and -N ask for a lower priority.
# emu has #C only when started with -C, so elsewhere os fails at the bind.

include "sys.m";
	sys: Sys;

include "draw.m";

include "string.m";
	str: String;

include "arg.m";

Os: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	str = load String String->PATH;
	if(str == nil)
		failure(sys->sprint("cannot load %s: %r", String->PATH));
	arg := load Arg Arg->PATH;
	if(arg == nil)
		failure(sys->sprint("cannot load %s: %r", Arg->PATH));
	arg->init(argv);
	arg->setusage("os [-d dir] [-m mount] [-n] [-N nice] [-b] command [arg...]");
	mount := "";
	dir := "";
	nice := "";
	lower := 0;
	background := 0;
	while((c := arg->opt()) != 0)
		case c {
		'b' =>	background = 1;
		'd' =>	dir = arg->earg();
		'm' =>	mount = arg->earg();
		'n' =>	lower = 1;
		'N' =>
			lower = 1;
			nice = " " + str->quoted(arg->earg() :: nil);
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();

	sys->pctl(Sys->FORKNS, nil);
	sys->bind("#p", "/prog", Sys->MREPL);
	if(mount == ""){
		mount = "/cmd";
		(found, nil) := sys->stat(mount + "/clone");
		if(found < 0 && sys->bind("#C", "/", Sys->MBEFORE) < 0)
			failure(sys->sprint("bind #C /: %r"));
	}
	ctl := sys->open(mount + "/clone", Sys->ORDWR);
	if(ctl == nil)
		failure(sys->sprint("cannot open /cmd/clone: %r"));
	buf := array[32] of byte;
	n := sys->read(ctl, buf, len buf);
	if(n <= 0)
		failure(sys->sprint("cannot read /cmd/clone: %r"));
	conv := mount + "/" + string buf[0:n];

	wait := sys->open(conv + "/wait", Sys->OREAD);
	if(lower && sys->fprint(ctl, "nice%s", nice) < 0)
		sys->fprint(sys->fildes(2), "os: warning: can't set nice priority: %r\n");
	if(dir != "" && sys->fprint(ctl, "dir %s", dir) < 0)
		failure(sys->sprint("cannot set cwd %q: %r", dir));
	if(!background && sys->fprint(ctl, "killonclose") < 0)
		sys->fprint(sys->fildes(2), "os: warning: cannot write killonclose: %r\n");
	if(sys->fprint(ctl, "exec %s", str->quoted(argv)) < 0)
		failure(sys->sprint("cannot exec: %r"));

	if(!background)
		relay(conv);
	if(wait != nil)
		hoststatus(wait);
}

# Connects the command's input, output and error output to ours until
# its output ends.
relay(conv: string)
{
	input := sys->open(conv + "/data", Sys->OWRITE);
	if(input == nil)
		failure(sys->sprint("canot open %s/data for writing: %r", conv));
	output := sys->open(conv + "/data", Sys->OREAD);
	if(output == nil)
		failure(sys->sprint("cannot open %s/data for reading: %r", conv));
	errors := sys->open(conv + "/stderr", Sys->OREAD);
	if(errors == nil)
		failure(sys->sprint("cannot open %s/stderr for reading: %r", conv));
	pids := chan of int;
	spawn pump(sys->fildes(0), input, pids, nil);
	inpid := <-pids;
	input = nil;
	spawn pump(errors, sys->fildes(2), pids, nil);
	errpid := <-pids;
	errors = nil;
	done := chan of int;
	spawn pump(output, sys->fildes(1), nil, done);
	output = nil;
	<-done;
	stop(inpid);
	stop(errpid);
}

# Copies src to dst until either ends, saying its pid first on pids
# and that it is done on done.
pump(src, dst: ref Sys->FD, pids, done: chan of int)
{
	if(pids != nil)
		pids <-= sys->pctl(0, nil);
	buf := array[Sys->ATOMICIO] of byte;
	while((n := sys->read(src, buf, len buf)) > 0)
		if(sys->write(dst, buf, n) != n)
			break;
	if(done != nil)
		done <-= 1;
}

# Reads the command's exit line (pid user sys real status) and fails with
# its status when that is not empty.
hoststatus(wait: ref Sys->FD)
{
	line := array[1024] of byte;
	n := sys->read(wait, line, len line);
	if(n < 0)
		failure(sys->sprint("wait error: %r"));
	text := string line[0:n];
	if(text == "")
		return;
	fields := str->unquoted(text);
	if(len fields < 5)
		failure(sys->sprint("wait error: odd status: %q", text));
	for(i := 0; i < 4; i++)
		fields = tl fields;
	status := hd fields;
	if(status != "")
		raise "fail:host: " + status;
}

stop(pid: int)
{
	fd := sys->open("#p/" + string pid + "/ctl", Sys->OWRITE);
	if(fd != nil)
		sys->fprint(fd, "kill");
}

failure(msg: string)
{
	sys->fprint(sys->fildes(2), "os: %s\n", msg);
	raise "fail:" + msg;
}
