implement Styxmon;

# styxmon [-r] [-t] [-d] cmd [arg ...]: runs cmd, a 9P server on its
# standard input, and serves 9P on its own standard input by passing each
# message through to it, printing each on standard error in the form of
# Styx's text() (styxmon(8)); -r prints only the R-messages, -t only the
# T-messages. -d is accepted and does nothing, as in the original, whose
# usage message (with "usage:" twice) is kept too. A message that does not
# unpack whole is reported and passed on all the same; the end of either
# side's messages is reported and stops that direction, and the end of the
# client's stops the server's too, so that the command ends.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "styx.m";
	styx: Styx;
	Tmsg, Rmsg: import styx;

Styxmon: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

SHPATH: con "/dis/sh.dis";

showt := 1;
showr := 1;

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	styx = load Styx Styx->PATH;
	if(styx == nil)
		cannotload(Styx->PATH);
	styx->init();
	arg := load Arg Arg->PATH;
	if(arg == nil)
		cannotload(Arg->PATH);
	arg->init(argv);
	arg->setusage("usage: styxmon [-d] cmd [arg...]");
	while((c := arg->opt()) != 0)
		case c {
		'd' =>	;
		'r' =>	showt = 0;
		't' =>	showr = 0;
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	client := sys->fildes(0);
	server := start(ctxt, argv);
	started := chan of int;
	spawn relay(server, client, "rmsg", started, -1);
	rpid := <-started;
	spawn relay(client, server, "tmsg", started, rpid);
	<-started;
}

cannotload(p: string)
{
	sys->fprint(sys->fildes(2), "styxmon: cannot load %s: %r\n", p);
	raise "fail:bad module";
}

# Starts the command with one end of a pipe as its standard input and
# returns the other.
start(ctxt: ref Draw->Context, argv: list of string): ref Sys->FD
{
	p := array[2] of ref Sys->FD;
	if(sys->pipe(p) < 0){
		sys->fprint(sys->fildes(2), "styxmon: cannot make pipe: %r\n");
		raise "fail:pipe";
	}
	started := chan of int;
	spawn run(ctxt, argv, p[0], started);
	<-started;
	return p[1];
}

# The command keeps only its end of the pipe (and standard output and
# error), so that it reads end of file when styxmon's side goes.
run(ctxt: ref Draw->Context, argv: list of string, stdin: ref Sys->FD, started: chan of int)
{
	sys->pctl(Sys->NEWFD, stdin.fd :: 1 :: 2 :: nil);
	sys->dup(stdin.fd, 0);
	stdin = nil;
	started <-= 1;
	sh := load Command SHPATH;
	if(sh == nil){
		sys->fprint(sys->fildes(2), "styxmon: cannot load %s: %r\n", SHPATH);
		return;
	}
	sh->init(ctxt, "sh" :: "-c" :: "$*" :: argv);
}

# Copies messages from in to out, printing each. When the client's side
# ends, the relay of replies (other) is stopped too: it holds the server's
# end of the pipe, which the server must see close to end itself.
relay(in, out: ref Sys->FD, what: string, started: chan of int, other: int)
{
	sys->pctl(Sys->NEWFD|Sys->NEWNS, 2 :: in.fd :: out.fd :: nil);
	started <-= sys->pctl(0, nil);
	in = sys->fildes(in.fd);
	out = sys->fildes(out.fd);
	stderr := sys->fildes(2);
	for(;;){
		(a, err) := styx->readmsg(in, 0);
		if(a == nil){
			if(err != nil)
				sys->fprint(stderr, "styxmon: error from %s: %s\n", what, err);
			else
				sys->fprint(stderr, "styxmon: eof from %s\n", what);
			if(other >= 0 && (ctl := sys->open("#p/"+string other+"/ctl", Sys->OWRITE)) != nil)
				sys->fprint(ctl, "kill");
			exit;
		}
		if(styx->istmsg(a)){
			(n, m) := Tmsg.unpack(a);
			if(n != len a)
				sys->fprint(stderr, "styxmon: %s message error (%d/%d)\n", what, n, len a);
			else if(showt)
				sys->fprint(stderr, "%s\n", m.text());
		}else{
			(n, m) := Rmsg.unpack(a);
			if(n != len a){
				sys->fprint(stderr, "styxmon: %s message error (%d/%d)\n", what, n, len a);
				if(m != nil)
					sys->fprint(stderr, "err: %s\n", m.text());
			}else if(showr)
				sys->fprint(stderr, "%s\n", m.text());
		}
		sys->write(out, a, len a);
	}
}
