implement Time;

# time command [arg ...]: run command (NAME or NAME.dis, here or in /dis)
# and print on standard error the seconds spent loading it, running it,
# and their total, as "0.01l 1.2r 1.21t". A command that fails has its
# wait record printed first. Problems are reported and, as in the
# original, leave the status alone.

include "sys.m";
	sys: Sys;

include "draw.m";

Time: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# What the command timed is.
Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	wait := sys->open("/prog/" + string sys->pctl(0, nil) + "/wait", Sys->OREAD);
	if(wait == nil){
		sys->fprint(stderr, "time: open wait: %r\n");
		return;
	}
	if(argv != nil)
		argv = tl argv;
	if(argv == nil){
		sys->fprint(stderr, "usage: time cmd ...\n");
		return;
	}
	file := hd argv;
	if(len file < 4 || file[len file - 4:] != ".dis")
		file += ".dis";
	start := sys->millisec();
	cmd := load Command file;
	if(cmd == nil){
		cmd = load Command "/dis/" + file;
		if(cmd == nil){
			sys->fprint(stderr, "time: %s: %r\n", hd argv);
			return;
		}
	}
	loaded := sys->millisec();
	pid := chan of int;
	spawn run(ctxt, cmd, argv, pid);
	awaitprog(wait, <-pid);
	ended := sys->millisec();
	loading := real (loaded - start) / 1000.0;
	ran := real (ended - loaded) / 1000.0;
	sys->fprint(stderr, "%.4gl %.4gr %.4gt\n", loading, ran, loading + ran);
}

run(ctxt: ref Draw->Context, cmd: Command, argv: list of string, pid: chan of int)
{
	pid <-= sys->pctl(0, nil);
	cmd->init(ctxt, argv);
}

# Reads wait records until prog pid's, printing those of failures.
awaitprog(wait: ref Sys->FD, pid: int)
{
	buf := array[Sys->WAITLEN] of byte;
	for(;;){
		n := sys->read(wait, buf, len buf);
		if(n <= 0){
			sys->fprint(stderr, "time: read wait: %r\n");
			return;
		}
		record := string buf[0:n];
		if(record[len record - 1] != ':')
			sys->fprint(stderr, "%s\n", record);
		if(int record == pid)
			return;
	}
}
