implement Profcmd;

# The command lines of prof(1) and mprof(1):
#	prof [-bflnve] [-m modname]... [-s rate] [cmd arg ...]
#	mprof [-bcMflnve123] [-m modname]... [cmd arg ...]
# With a command, profiling starts, the command runs to its end in a
# process group of its own, profiling stops and the profile is shown.
# Without one, -b starts profiling (and returns); otherwise the profile
# counted so far is shown (mprof then starts counting again; -c ends it).

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "profile.m";
	profile: Profile;

include "profcmd.m";

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;
# the command's name, for messages
name: string;

run(ctxt: ref Draw->Context, argv: list of string, kind: int): Profile->Prof
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	name = "prof";
	if(kind == MEMORY)
		name = "mprof";
	arg := load Arg Arg->PATH;
	if(arg == nil)
		nomodule(Arg->PATH);
	arg->init(argv);
	profile = load Profile Profile->PATH;
	if(profile == nil)
		nomodule(Profile->PATH);
	if(profile->init() < 0)
		fatal("cannot initialize profile device");

	(show, begin, clear, first, g, rate, mem) := (0, 0, 0, 0, 0, 0, 0);
	mods: list of string;
	while((c := arg->opt()) != 0){
		case c {
		'b' =>	begin = 1;
		'f' =>	show |= Profile->FUNCTION;
		'l' =>	show |= Profile->LINE;
		'n' =>	show |= Profile->FULLHDR;
		'v' =>	show |= Profile->VERBOSE;
		'e' =>	first = 1;
		'g' =>	g = 1;
		'm' =>
			if((m := arg->arg()) == nil)
				usage("missing module name", kind);
			mods = m :: mods;
		's' or 'c' or 'M' or '1' or '2' or '3' =>
			if(kind == TIME && c == 's'){
				s := arg->arg();
				if(s == nil)
					usage("missing sample rate", kind);
				if((rate = int s) <= 0)
					usage("bad sample rate: '" + s + "'", kind);
			}else if(kind == MEMORY && c == 'c')
				clear = 1;
			else if(kind == MEMORY && c == 'M')
				show |= Profile->MODULE;
			else if(kind == MEMORY && c != 's')
				mem |= 1 << (c - '1');
			else
				usage(sys->sprint("unknown option -%c", c), kind);
		* =>
			usage(sys->sprint("unknown option -%c", c), kind);
		}
	}
	cmd := arg->argv();

	if(begin && clear)
		ignored("-e option");
	if((begin || clear) && show != 0)
		ignored("output format");
	if(begin && cmd != nil)
		begin = 0;
	if(!begin && cmd == nil){
		if(mods != nil)
			ignored("-m option");
		if(rate > 0)
			ignored("-s option");
		(mods, rate) = (nil, 0);
	}
	if(clear){
		if(mods != nil)
			ignored("-m option");
		if(first || cmd != nil)
			ignored("command");
		profile->end();
		exit;
	}
	if(rate > 0)
		profile->sample(rate);
	for(; mods != nil; mods = tl mods)
		profile->profile(hd mods);
	if(begin){
		if(startprof(kind, mem) < 0)
			fatal("cannot start profiling");
		exit;
	}
	if(cmd != nil){
		if(first)
			profile->profile(dispath(hd cmd));
		if(startprof(kind, mem) < 0)
			fatal("cannot start profiling");
		runcmd(ctxt, cmd);
	}
	if(profile->stop() < 0)
		fatal("cannot stop profiling");
	p: Profile->Prof;
	if(kind == MEMORY)
		p = profile->memstats();
	else
		p = profile->stats();
	if(p.mods == nil)
		fatal("no profile information");
	if(g){
		restart(kind, cmd, mem);
		return p;
	}
	r: int;
	if(kind == MEMORY){
		if((show & (Profile->MODULE|Profile->FUNCTION|Profile->LINE)) == 0)
			show |= Profile->MODULE|Profile->LINE;
		r = profile->memshow(p, show);
	}else{
		if((show & (Profile->FUNCTION|Profile->LINE)) == 0)
			show |= Profile->LINE;
		r = profile->show(p, show);
	}
	if(r < 0)
		fatal("cannot show profile");
	restart(kind, cmd, mem);
	return (nil, 0, nil);
}

startprof(kind, mem: int): int
{
	if(kind == MEMORY)
		return profile->memstart(mem);
	return profile->start();
}

# After showing: mprof without a command goes on counting; otherwise the
# profile ends.
restart(kind: int, cmd: list of string, mem: int)
{
	if(kind == MEMORY && cmd == nil){
		if(profile->memstart(mem) < 0)
			fatal("cannot restart profiling");
		exit;
	}
	profile->end();
}

# Runs cmd in a process group of its own and waits for its end.
runcmd(ctxt: ref Draw->Context, cmd: list of string)
{
	w := sys->sprint("#p/%d/wait", sys->pctl(0, nil));
	wfd := sys->open(w, Sys->OREAD);
	if(wfd == nil)
		fatal("fd == nil in wait");
	pid := chan of int;
	spawn exec(ctxt, cmd, pid);
	child := <-pid;
	buf := array[Sys->WAITLEN] of byte;
	for(;;){
		n := sys->read(wfd, buf, len buf);
		if(n < 0)
			fatal("bad read in wait");
		if(int string buf[0:n] == child)
			break;
	}
}

exec(ctxt: ref Draw->Context, cmd: list of string, pid: chan of int)
{
	pid <-= sys->pctl(Sys->FORKNS|Sys->NEWFD|Sys->NEWPGRP, 0 :: 1 :: 2 :: stderr.fd :: nil);
	file := withdis(hd cmd);
	c := load Command file;
	if(c == nil){
		err := sys->sprint("%r");
		if(file[0] != '/' && (len file < 2 || file[0:2] != "./")){
			c = load Command "/dis/" + file;
			if(c == nil)
				err = sys->sprint("%r");
		}
		if(c == nil){
			sys->fprint(stderr, "%s: %s: %s\n", name, hd cmd, err);
			return;
		}
	}
	c->init(ctxt, cmd);
}

withdis(f: string): string
{
	if(len f < 4 || f[len f - 4:] != ".dis")
		f += ".dis";
	return f;
}

# The path of the module a command word names, for -e.
dispath(word: string): string
{
	f := withdis(word);
	if(sys->open(f, Sys->OREAD) != nil)
		return f;
	if(f[0] != '/' && (len f < 2 || f[0:2] != "./"))
		f = "/dis/" + f;
	return f;
}

ignored(s: string)
{
	sys->fprint(stderr, "%s: warning: %s ignored\n", name, s);
}

fatal(s: string)
{
	sys->fprint(stderr, "%s: %s: %s\n", name, s, profile->lasterror());
	stop("error");
}

nomodule(p: string)
{
	sys->fprint(stderr, "%s: cannot load %s: %r\n", name, p);
	stop("bad module");
}

usage(s: string, kind: int)
{
	sys->fprint(stderr, "%s: %s\n", name, s);
	if(kind == MEMORY)
		sys->fprint(stderr, "usage: mprof [-bcMflnve] [-m modname]... [cmd arg ...]\n");
	else
		sys->fprint(stderr, "usage: prof [-bflnv] [-m modname]... [-s rate] [cmd arg ...]\n");
	stop("usage");
}

stop(status: string)
{
	if(profile != nil)
		profile->end();
	raise "fail:" + status;
}
