implement Rstyxd;

# auxi/rstyxd: the server side of rcmd and cpu, run by listen with the
# call as its standard input (as listen 'tcp!*!rstyx' {auxi/rstyxd&}).
# It reads the command line the caller sends (a decimal byte count and a
# newline, then that many bytes: quoted words and a newline, at most
# MAXCMD bytes), mounts the caller's exported name space on /n/client,
# binds its /dev before the local /dev, and runs the command (sh, or
# NAME.dis here or in /dis) with the caller's /dev/cons as standard
# input, output and error. The command line is reported on standard
# error, as the original does.

include "sys.m";
	sys: Sys;

include "draw.m";

include "string.m";
	str: String;

Rstyxd: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

MAXCMD: con 16*1024;

stderr: ref Sys->FD;

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	str = load String String->PATH;
	if(str == nil)
		badmodule(String->PATH);
	fd := sys->fildes(0);
	sys->pctl(Sys->FORKFD, fd.fd :: nil);
	args := readcmd(fd);
	if(args == nil)
		error(sys->sprint("error reading arguments: %r"));
	line := "";
	for(a := args; a != nil; a = tl a)
		line += hd a + " ";
	sys->fprint(stderr, "rstyxd: cmd: %s\n", line);
	file := hd args + ".dis";
	if(hd args == "sh")
		file = "/dis/sh.dis";
	cmd := load Command file;
	if(cmd == nil){
		file = "/dis/" + file;
		cmd = load Command file;
		if(cmd == nil)
			badmodule(file);
	}
	sys->pctl(Sys->FORKNS|Sys->FORKENV, nil);
	if(sys->mount(fd, nil, "/n/client", Sys->MREPL, "") < 0)
		error(sys->sprint("cannot mount connection on /n/client: %r"));
	if(sys->bind("/n/client/dev", "/dev", Sys->MBEFORE) < 0)
		error(sys->sprint("cannot bind /n/client/dev to /dev: %r"));
	fd = sys->open("/dev/cons", Sys->OREAD);
	sys->dup(fd.fd, 0);
	fd = sys->open("/dev/cons", Sys->OWRITE);
	sys->dup(fd.fd, 1);
	sys->dup(fd.fd, 2);
	fd = nil;
	cmd->init(nil, args);
}

# The words of the command line sent on fd.
readcmd(fd: ref Sys->FD): list of string
{
	count := array[32] of byte;
	c := array[1] of byte;
	n := 0;
	for(;;){
		if(n >= len count || sys->read(fd, c, 1) != 1)
			return nil;
		if(c[0] == byte '\n')
			break;
		count[n++] = c[0];
	}
	nb := int string count[0:n];
	if(nb <= 0 || nb > MAXCMD){
		sys->werrstr("bad length");
		return nil;
	}
	b := array[nb] of byte;
	if(sys->readn(fd, b, nb) != nb)
		return nil;
	return str->unquoted(string b);
}

badmodule(p: string)
{
	sys->fprint(stderr, "rstyxd: can't load %s: %r\n", p);
	raise "fail:load";
}

error(e: string)
{
	sys->fprint(stderr, "rstyxd: %s\n", e);
	raise "fail:error";
}
