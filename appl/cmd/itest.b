implement Itest;

# itest [-eot] [-c cflag] [-r count] [-v vlevel] [-j jobs] [-l seconds]
#	[-C configfile] [-R recordroot] [testdir ...]
#
# Runs tests and reports what they say, as itest(1): a test is a folder with
# t.sh (a shell script using `load test` and `report`) or t.dis (a Limbo
# Command using itslib(2)), run in that folder with its own copy of the name
# space, descriptors and environment; it reports messages of severity INF,
# WRN, ERR or FTL through the descriptor named by $ITS_MFD. With -R each
# test's messages, standard output and error and a summary are recorded in a
# new numbered folder below recordroot, for itreplay(1).
#
# Beyond the original: -t prints the Test Anything Protocol (a plan, an
# "ok"/"not ok" line per test, the log as comments) for a host CI; -j runs up
# to that many tests at once (each test's log printed when it ends); -l gives
# each test a time limit in seconds, after which its process group is killed
# and the test fails with FTL. itest fails (fail:errors) when any test
# reported ERR or FTL, so its exit status says whether the tests passed.

include "sys.m";
	sys: Sys;
include "draw.m";
include "arg.m";
include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;
include "readdir.m";
	readdir: Readdir;
include "daytime.m";
	daytime: Daytime;
include "env.m";
	env: Env;
include "workdir.m";
	workdir: Workdir;
include "itslib.m";
	S_INFO, S_WARN, S_ERROR, S_FATAL, S_STIME, S_ETIME: import Itslib;
include "itlog.m";
	log: Itlog;

Itest: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Test: adt {
	dir:	string;	# the test's folder, as given
	file:	string;	# its t.sh or t.dis, rooted
	recdir:	string;	# its record folder, or nil
	warns:	int;
	errors:	int;
	fatals:	int;
	elapsed:	int;
	output:	string;	# its log, when tests run at once
};

verbosity := 3;
cflag := -1;
showout := 0;
showerr := 0;
tap := 0;
jobs := 1;
limit := 0;
context: ref Draw->Context;
cwd: string;
kept: list of ref Sys->FD;	# descriptors a test's prog must not drop

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	context = ctxt;
	arg := load Arg Arg->PATH;
	bufio = load Bufio Bufio->PATH;
	readdir = load Readdir Readdir->PATH;
	daytime = load Daytime Daytime->PATH;
	env = load Env Env->PATH;
	workdir = load Workdir Workdir->PATH;
	log = load Itlog Itlog->PATH;
	if(arg == nil || bufio == nil || readdir == nil || daytime == nil || env == nil ||
	   workdir == nil || log == nil){
		sys->fprint(sys->fildes(2), "itest: cannot load a library: %r\n");
		raise "fail:module";
	}
	log->init(verbosity, 0);
	arg->init(argv);
	arg->setusage("itest [-eot] [-c cflag] [-r count] [-v vlevel] [-j jobs] [-l seconds] [-C configfile] [-R recordroot] [testdir ...]");
	repeat := 1;
	config := "";
	recroot := "";
	while((o := arg->opt()) != 0)
		case o {
		'c' =>	cflag = log->number("c", arg->earg(), 0, 9);
		'e' =>	showerr++;
		'o' =>	showout++;
		't' =>	tap = 1;
		'r' =>	repeat = log->number("r", arg->earg(), 0, -1);
		'v' =>	verbosity = log->number("v", arg->earg(), 0, 9);
		'j' =>	jobs = log->number("j", arg->earg(), 1, 64);
		'l' =>	limit = log->number("l", arg->earg(), 0, -1);
		'C' =>	config = arg->earg();
		'R' =>	recroot = arg->earg();
		* =>	arg->usage();
		}
	argv = arg->argv();
	log->init(verbosity, tap);
	cwd = workdir->init();
	if(argv == nil && config != "")
		argv = lines(config);
	if(argv == nil)
		fatal("No tests to run");
	tests := array[len argv] of ref Test;
	for(i := 0; argv != nil; argv = tl argv)
		tests[i++] = check(hd argv);

	sys->pctl(Sys->FORKENV, nil);
	if(env->setenv(Itslib->ENV_VERBOSITY, string verbosity) < 0)
		fatal("Failed to set environment variable " + Itslib->ENV_VERBOSITY);
	runs := "infinite";
	if(repeat != 0)
		runs = string repeat;
	log->report(0, -1, S_INFO, 2, sys->sprint("Starting tests - %s run%s of %d test%s",
		runs, plural(repeat), len tests, plural(len tests)));
	if(tap && repeat != 0)
		sys->print("1..%d\n", repeat * len tests);
	record := 0;
	if(recroot != "")
		record = highest(recroot) + 1;
	failed := 0;
	number := 0;
	for(run := 1; repeat == 0 || run <= repeat; run++){
		log->report(1, -1, S_INFO, 3, sys->sprint("Starting run %d", run));
		for(i = 0; i < len tests; i += jobs){
			batch := tests[i:];
			if(len batch > jobs)
				batch = batch[0:jobs];
			for(j := 0; j < len batch; j++){
				t := batch[j];
				(t.warns, t.errors, t.fatals, t.elapsed, t.output) = (0, 0, 0, 0, "");
				t.recdir = nil;
				if(recroot != ""){
					t.recdir = sys->sprint("%s/%d", recroot, record++);
					say(t, 2, S_INFO, 3, "Recording in " + t.recdir);
					if(sys->create(t.recdir, Sys->OREAD, Sys->DMDIR|8r770) == nil)
						fatal(sys->sprint("Failed to create directory %s: %r", t.recdir));
				}
			}
			done := chan of int;
			for(j = 0; j < len batch; j++)
				spawn monitor(batch[j], done);
			for(j = 0; j < len batch; j++)
				<-done;
			for(j = 0; j < len batch; j++){
				t := batch[j];
				sys->print("%s", t.output);
				number++;
				if(t.errors + t.fatals > 0)
					failed++;
				if(tap)
					tapline(number, t);
			}
		}
		log->report(1, -1, S_INFO, 3, sys->sprint("Finished run %d", run));
	}
	log->report(0, -1, S_INFO, 2, "Finished tests");
	if(failed > 0)
		raise "fail:errors";
}

plural(n: int): string
{
	if(n == 1)
		return "";
	return "s";
}

fatal(s: string)
{
	sys->fprint(sys->fildes(2), "itest: %s\n", s);
	raise "fail:error";
}

# A log line of test t: printed now when tests run one at a time, kept for
# the end of the test when several run at once.
say(t: ref Test, indent, sev, verb: int, msg: string)
{
	if(jobs == 1)
		log->report(indent, -1, sev, verb, msg);
	else
		t.output += log->line(indent, -1, sev, verb, msg);
}

tapline(n: int, t: ref Test)
{
	if(t.errors + t.fatals == 0)
		sys->print("ok %d - %s\n", n, t.dir);
	else
		sys->print("not ok %d - %s (WRN:%d ERR:%d FTL:%d)\n", n, t.dir, t.warns, t.errors, t.fatals);
}

# The test in folder dir: its t.sh, else its t.dis.
check(dir: string): ref Test
{
	(ok, d) := sys->stat(dir);
	if(ok < 0 || (d.mode & Sys->DMDIR) == 0)
		fatal("Failed to find test " + dir);
	rooted := dir;
	if(rooted == "" || rooted[0] != '/')
		rooted = cwd + "/" + dir;
	for(names := "t.sh" :: "t.dis" :: nil; names != nil; names = tl names){
		(found, nil) := sys->stat(rooted + "/" + hd names);
		if(found >= 0)
			return ref Test(dir, rooted + "/" + hd names, nil, 0, 0, 0, 0, "");
	}
	fatal(sys->sprint("Could not find executable files %s/t.sh or %s/t.dis", dir, dir));
	return nil;
}

# The greatest number naming a folder in root (0 if none).
highest(root: string): int
{
	(dirs, n) := readdir->init(root, Readdir->NAME);
	high := 0;
	for(i := 0; i < n; i++)
		if(int dirs[i].name > high)
			high = int dirs[i].name;
	return high;
}

lines(file: string): list of string
{
	b := bufio->open(file, Bufio->OREAD);
	if(b == nil)
		fatal(sys->sprint("cannot open %s: %r", file));
	r: list of string;
	while((s := b.gets('\n')) != nil){
		if(s[len s-1] == '\n')
			s = s[0:len s-1];
		if(s != "")
			r = s :: r;
	}
	l: list of string;
	for(; r != nil; r = tl r)
		l = hd r :: l;
	return l;
}

readfile(file: string): string
{
	fd := sys->open(file, Sys->OREAD);
	if(fd == nil)
		return "";
	buf := array[Sys->ATOMICIO] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return "";
	return string buf[0:n];
}

writefile(file: string, text: string, create: int)
{
	fd: ref Sys->FD;
	if(create)
		fd = sys->create(file, Sys->OWRITE, 8r660);
	else
		fd = sys->open(file, Sys->OWRITE);
	if(fd == nil || sys->fprint(fd, "%s", text) < 0)
		sys->fprint(sys->fildes(2), "itest: cannot write %s: %r\n", file);
}

# Runs test t in a copy of this prog's name space, descriptors and
# environment, reads its messages until it ends (or its time limit passes),
# and records and reports the outcome; then says so on done.
monitor(t: ref Test, done: chan of int)
{
	sys->pctl(Sys->FORKFD|Sys->FORKNS|Sys->FORKENV, nil);
	if(cflag != -1){
		say(t, 0, S_INFO, 7, sys->sprint("Setting cflag to %d", cflag));
		writefile("/dev/jit", string cflag, 0);
	}
	jit := readfile("/dev/jit");
	say(t, 2, S_INFO, 3, sys->sprint("Starting test %s cflag=%s", t.dir, jit));
	if(verbosity > 8)
		say(t, 2, S_INFO, 9, readfile(t.dir + "/README"));
	p := array[2] of ref Sys->FD;
	if(sys->pipe(p) < 0)
		fatal(sys->sprint("cannot make a pipe: %r"));
	env->setenv(Itslib->ENV_MFD, string p[0].fd);
	msgs: ref Sys->FD;
	(out, err) := ("/tmp/itest.stdout", "/tmp/itest.stderr");
	if(t.recdir != nil){
		msgs = sys->create(t.recdir + "/msgs", Sys->OWRITE, 8r660);
		(out, err) = (t.recdir + "/stdout", t.recdir + "/stderr");
	}else if(jobs > 1)
		(out, err) = (out + "." + string sys->pctl(0, nil), err + "." + string sys->pctl(0, nil));
	start := sys->millisec();
	when := daytime->now();
	end := -1;
	started := chan of int;
	spawn runtest(t, out, err, p[0], started);
	group := <-started;
	p[0] = nil;
	lines := chan of string;
	spawn reader(p[1], lines, started);
	readerpid := <-started;
	p[1] = nil;
	timeout := chan of int;
	timerpid := -1;
	if(limit > 0){
		spawn timer(limit, timeout, started);
		timerpid = <-started;
	}
	reading: for(;;) alt {
	m := <-lines =>
		if(m == nil){
			kill(timerpid, "kill");
			break reading;
		}
		if(msgs != nil)
			sys->fprint(msgs, "%d:%s\n", daytime->now(), m);
		if(len m < 2)
			continue;
		(sev, verb, body) := (m[0] - '0', m[1] - '0', m[2:]);
		case sev {
		S_STIME =>	start = int body;
		S_ETIME =>	end = int body;
		* =>
			case sev {
			S_WARN =>	t.warns++;
			S_ERROR =>	t.errors++;
			S_FATAL =>	t.fatals++;
			}
			say(t, 3, sev, verb, log->severity(sev) + ": " + body);
		}
	<-timeout =>
		kill(group, "killgrp");
		kill(readerpid, "kill");
		t.fatals++;
		m := sys->sprint("%d%dtest ran out of its time limit of %ds", S_FATAL, 0, limit);
		if(msgs != nil)
			sys->fprint(msgs, "%d:%s\n", daytime->now(), m);
		say(t, 3, S_FATAL, 0, log->severity(S_FATAL) + ": " + m[2:]);
		break reading;
	}
	if(end < 0){
		end = sys->millisec();
		if(msgs != nil)
			sys->fprint(msgs, "%d:%d0%d\n", daytime->now(), S_ETIME, end);
	}
	t.elapsed = end - start;
	say(t, 2, S_INFO, 3, sys->sprint("Finished test %s after %dms - WRN:%d ERR:%d FTL:%d",
		t.dir, t.elapsed, t.warns, t.errors, t.fatals));
	if(t.recdir != nil)
		writefile(t.recdir + "/summary", sys->sprint("%d %d %d %s\n", when, t.elapsed, int jit, t.file), 1);
	if(showout){
		say(t, 2, S_INFO, 0, "Stdout from test:");
		show(t, out);
	}
	if(showerr){
		say(t, 2, S_INFO, 0, "Stderr from test:");
		show(t, err);
	}
	if(t.recdir == nil && jobs > 1){
		# a test's own files, named by this prog, are not left behind
		sys->remove(out);
		sys->remove(err);
	}
	done <-= 1;
}

show(t: ref Test, file: string)
{
	if(jobs == 1){
		log->showfile(file);
		return;
	}
	b := bufio->open(file, Bufio->OREAD);
	if(b == nil)
		return;
	while((s := b.gets('\n')) != nil){
		if(s[len s-1] != '\n')
			s += "\n";
		if(tap)
			s = "# " + s;
		t.output += "                    " + s;
	}
}

kill(pid: int, how: string)
{
	if(pid < 0)
		return;
	fd := sys->open(sys->sprint("/prog/%d/ctl", pid), Sys->OWRITE);
	if(fd != nil)
		sys->fprint(fd, "%s", how);
}

timer(seconds: int, timeout: chan of int, started: chan of int)
{
	started <-= sys->pctl(0, nil);
	sys->sleep(seconds * 1000);
	timeout <-= 1;
}

# Sends each line read from fd on lines, then nil at its end.
reader(fd: ref Sys->FD, lines: chan of string, started: chan of int)
{
	started <-= sys->pctl(0, nil);
	buf := array[Sys->ATOMICIO] of byte;
	part := "";
	while((n := sys->read(fd, buf, len buf)) > 0){
		part += string buf[0:n];
		for(;;){
			i := 0;
			while(i < len part && part[i] != '\n')
				i++;
			if(i == len part)
				break;
			lines <-= part[0:i];
			part = part[i+1:];
		}
	}
	if(part != "")
		lines <-= part;
	lines <-= nil;
}

# Makes descriptor fd a new file named file (reporting failure on mfd).
redirect(mfd: ref Sys->FD, file: string, fd: int)
{
	f := sys->create(file, Sys->OWRITE, 8r660);
	if(f == nil)
		sys->fprint(mfd, "%d0Failed to open %s: %r\n", S_ERROR, file);
	else if(f.fd != fd)
		sys->dup(f.fd, fd);
	else
		kept = f :: kept;	# dropping f would close fd
}

# The test itself: a process group of its own, its output in files, in its
# own folder, with only the message descriptor kept.
runtest(t: ref Test, out, err: string, mfd: ref Sys->FD, started: chan of int)
{
	sys->pctl(Sys->NEWFD|Sys->FORKNS|Sys->NEWPGRP, mfd.fd :: nil);
	redirect(mfd, out, 1);
	redirect(mfd, err, 2);
	started <-= sys->pctl(0, nil);
	args := t.file :: nil;
	cmd: Command;
	if(t.file[len t.file - 1] == 's')
		cmd = load Command t.file;
	else{
		cmd = load Command "/dis/sh.dis";
		args = "sh" :: args;
	}
	if(cmd == nil){
		sys->fprint(mfd, "%d0Failed to load Command for %s: %r\n", S_FATAL, t.file);
		return;
	}
	dir := t.file;
	while(dir[len dir - 1] != '/')
		dir = dir[0:len dir - 1];
	if(sys->chdir(dir) < 0)
		sys->fprint(mfd, "%d0Failed to cd to %s\n", S_FATAL, dir);
	{
		cmd->init(context, args);
	} exception e {
	"*" =>
		sys->fprint(mfd, "%d0Exception %s in test %s\n", S_FATAL, e, t.file);
	}
}
