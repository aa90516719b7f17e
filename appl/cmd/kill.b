implement Kill;

# kill [-g] pid|module ...: kill processes, given by number or by the
# name of the module they run; -g kills each one's whole process group.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

Kill: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

usage()
{
	sys->fprint(stderr, "usage: kill [-g] pid|module [...]\n");
	raise "fail: usage";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "kill: cannot load %s: %r\n", Arg->PATH);
		raise "fail:load";
	}
	msg := "kill";
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'g' =>
			msg = "killgrp";
		* =>
			usage();
		}
	argv = arg->argv();
	if(argv == nil)
		usage();
	killed := 0;
	for(; argv != nil; argv = tl argv){
		who := hd argv;
		if(who == nil)
			usage();
		if(who[0] >= '0' && who[0] <= '9')
			killed += killpid(who, msg, 1);
		else
			killed += killmodule(who, msg);
	}
	if(killed == 0)
		raise "fail:nothing killed";
}

# Write msg to the process's ctl file; 1 if that worked. Unless loud, a
# process that exited meanwhile is not worth a message.
killpid(pid, msg: string, loud: int): int
{
	fd := sys->open("/prog/"+pid+"/ctl", Sys->OWRITE);
	if(fd == nil){
		if(loud || !gone(sys->sprint("%r")))
			sys->fprint(stderr, "kill: cannot open /prog/%s/ctl: %r\n", pid);
		return 0;
	}
	b := array of byte msg;
	if(sys->write(fd, b, len b) < 0){
		if(loud || !gone(sys->sprint("%r")))
			sys->fprint(stderr, "kill: cannot kill %s: %r\n", pid);
		return 0;
	}
	return 1;
}

gone(err: string): int
{
	tail := "does not exist";
	return err == "thread exited" || len err >= len tail && err[len err - len tail:] == tail;
}

# Kill every process running the module, printing their ids.
killmodule(mod, msg: string): int
{
	fd := sys->open("/prog", Sys->OREAD);
	if(fd == nil){
		sys->fprint(stderr, "kill: open /prog: %r\n");
		return 0;
	}
	pids: list of string;
	for(;;){
		(n, d) := sys->dirread(fd);
		if(n < 0)
			sys->fprint(stderr, "kill: read /prog: %r\n");
		if(n <= 0)
			break;
		for(i := 0; i < n; i++)
			if(runs(d[i].name, mod))
				pids = d[i].name :: pids;
	}
	if(pids == nil){
		sys->fprint(stderr, "kill: cannot find %s\n", mod);
		return 0;
	}
	killed := 0;
	for(; pids != nil; pids = tl pids)
		if(killpid(hd pids, msg, 0)){
			sys->print("%s ", hd pids);
			killed++;
		}
	if(killed > 0)
		sys->print("\n");
	return killed;
}

# Is the process in /prog/pid running mod? The module is the last field
# of its status line, possibly followed by [$Builtin] while in one.
runs(pid, mod: string): int
{
	fd := sys->open("/prog/"+pid+"/status", Sys->OREAD);
	if(fd == nil)
		return 0;
	buf := array[512] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return 0;
	(nil, fields) := sys->tokenize(string buf[0:n], " ");
	name := "";
	for(; fields != nil; fields = tl fields)
		name = hd fields;
	for(i := 0; i < len name; i++)
		if(name[i] == '['){
			name = name[0:i];
			break;
		}
	return name == mod;
}
