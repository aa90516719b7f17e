implement P;

# p [-number] [file ...]: copy the files (standard input if none, or -)
# to standard output a page (22 lines, or number) at a time, after each
# page waiting for a line from /dev/cons: q (or the end of input) quits,
# !command runs command by /dis/sh.dis, anything else shows the next page.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "string.m";
	str: String;

P: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# The shell that runs ! lines.
Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

SHELL:	con "/dis/sh.dis";

stderr: ref Sys->FD;
out, cons: ref Iobuf;
context: ref Draw->Context;
pagelines := 22;
progname := "p";

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	context = ctxt;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		nomodule(Bufio->PATH);
	str = load String String->PATH;
	if(str == nil)
		nomodule(String->PATH);
	sys->pctl(Sys->FORKFD, nil);
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	if(out == nil){
		sys->fprint(stderr, "p: can't open stdout: %r\n");
		raise "fail:stdout";
	}
	cons = bufio->open("/dev/cons", Bufio->OREAD);
	if(cons == nil){
		sys->fprint(stderr, "p: can't open /dev/cons: %r\n");
		raise "fail:cons";
	}
	if(argv != nil){
		progname = hd argv;
		argv = tl argv;
	}
	if(argv != nil && len hd argv > 1 && (hd argv)[0] == '-'){
		(n, rest) := str->toint((hd argv)[1:], 10);
		if(rest != "" || n <= 0){
			sys->fprint(stderr, "Usage: p [-number] [file...]\n");
			raise "fail:usage";
		}
		pagelines = n;
		argv = tl argv;
	}
	if(argv == nil)
		argv = "-" :: nil;
	for(; argv != nil; argv = tl argv){
		name := hd argv;
		fd: ref Sys->FD;
		if(name == "-"){
			name = "stdin";
			fd = sys->fildes(0);
		}else
			fd = sys->open(name, Sys->OREAD);
		if(fd == nil){
			sys->fprint(stderr, "%s: can't open %s: %r\n", progname, name);
			continue;
		}
		page(fd);
	}
}

nomodule(path: string)
{
	sys->fprint(stderr, "%s: can't load %s: %r\n", progname, path);
	raise "fail:load";
}

page(fd: ref Sys->FD)
{
	in := bufio->fopen(fd, Bufio->OREAD);
	left := pagelines;
	while((line := in.gets('\n')) != nil){
		out.puts(line);
		if(--left == 0){
			out.flush();
			left = pagelines;
			wait();
		}
	}
	out.flush();
}

# Waits for the reader's line, running commands it asks for.
wait()
{
	for(;;){
		line := cons.gets('\n');
		if(line == nil || line[0] == 'q')
			exit;
		if(line[0] != '!')
			return;
		done := chan of int;
		spawn run(line[1:], done);
		<-done;
	}
}

run(line: string, done: chan of int)
{
	sh := load Command SHELL;
	if(sh == nil){
		sys->fprint(stderr, "%s: can't load %s: %r\n", progname, SHELL);
		done <-= 0;
		return;
	}
	sys->pctl(Sys->FORKFD, nil);
	sys->dup(cons.fd.fd, 0);
	{
		sh->init(context, "sh" :: "-c" :: line :: nil);
	} exception {
	"fail:*" =>
		;
	}
	done <-= 1;
}
