implement Keeper;

# A keeper of two process groups: one member breaks on a nil reference and is
# resumed after the keeper fixes the module variable it reads; another runs out
# of its instruction budget and resumes when the keeper refills it; a third
# breaks again and is killed by the keeper. The keeper cannot keep its own
# group.

include "sys.m";
	sys: Sys;
include "draw.m";

Keeper: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Box: adt {
	v:	int;
};

shared: ref Box;

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	done := chan of string;

	# A member that breaks, held, then resumed.
	(pid, go) := start(0, done);
	keeper := open(pid, "keeper");
	go <-= 1;
	msg := message(keeper, pid);
	sys->print("keeper heard: %s\n", msg);
	sys->print("held prog is %s\n", state(pid));
	sys->print("its stack: %s\n", stack(pid));
	shared = ref Box(42);
	ctl(pid, "resume");
	sys->print("%s\n", <-done);
	keeper = nil;

	# A member that exhausts its budget, refilled.
	(pid, go) = start(1, done);
	ctl(pid, "meter insts 100000");
	keeper = open(pid, "keeper");
	go <-= 1;
	msg = message(keeper, pid);
	sys->print("keeper heard: %s\n", msg);
	sys->print("stopped prog is %s\n", state(pid));
	ctl(pid, "meter insts 100000000");
	sys->print("%s\n", <-done);
	keeper = nil;

	# A member that breaks and is killed.
	(pid, go) = start(2, done);
	keeper = open(pid, "keeper");
	go <-= 1;
	msg = message(keeper, pid);
	sys->print("keeper heard: %s\n", msg);
	ctl(pid, "kill");
	sys->sleep(100);
	sys->print("killed prog is %s\n", state(pid));
	# A keeper of its own group would hold itself when it broke.
	open(sys->pctl(0, nil), "keeper");
}

# A member of a new process group doing `what` once told to go.
start(what: int, done: chan of string): (int, chan of int)
{
	pidc := chan of int;
	go := chan of int;
	spawn member(what, pidc, go, done);
	return (<-pidc, go);
}

member(what: int, pidc, go: chan of int, done: chan of string)
{
	sys->pctl(Sys->NEWPGRP, nil);
	pidc <-= sys->pctl(0, nil);
	<-go;
	case what {
	0 =>
		v := shared.v;
		done <-= "resumed member read " + string v;
	1 =>
		n := 0;
		for(i := 0; i < 1000000; i++)
			n += i & 1;
		done <-= "refilled member counted " + string n;
	2 =>
		a := array[2] of int;
		i := 7;
		a[i] = 1;
		done <-= "not reached";
	}
}

# The next keeper message, its pid field replaced by `PID` when it is `pid`
# and its pc by `PC`.
message(fd: ref Sys->FD, pid: int): string
{
	buf := array[1024] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return sys->sprint("no message: %r");
	(nil, f) := sys->tokenize(string buf[0:n], " \n");
	s := "";
	for(i := 0; f != nil; f = tl f){
		w := hd f;
		if(i == 1 && w == string pid)
			w = "PID";
		if(i++ == 3)
			w = "PC";
		if(s != nil)
			s += " ";
		s += w;
	}
	return s;
}

open(pid: int, file: string): ref Sys->FD
{
	fd := sys->open("/prog/" + string pid + "/" + file, Sys->OREAD);
	if(fd == nil)
		sys->print("open %s: %r\n", file);
	return fd;
}

ctl(pid: int, msg: string)
{
	fd := sys->open("/prog/" + string pid + "/ctl", Sys->OWRITE);
	if(fd == nil || sys->fprint(fd, "%s", msg) < 0)
		sys->print("ctl %s: %r\n", msg);
}

readfile(path: string): string
{
	fd := sys->open(path, Sys->OREAD);
	if(fd == nil)
		return sys->sprint("%r");
	buf := array[8192] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return "";
	return string buf[0:n];
}

state(pid: int): string
{
	if(sys->open("/prog/" + string pid + "/status", Sys->OREAD) == nil)
		return "gone";
	(n, f) := sys->tokenize(readfile("/prog/" + string pid + "/status"), " ");
	if(n < 5)
		return "gone";
	return hd tl tl tl tl f;
}

# How many frames the stack file lists, and the module of the newest.
stack(pid: int): string
{
	(n, lines) := sys->tokenize(readfile("/prog/" + string pid + "/stack"), "\n");
	if(n == 0)
		return "empty";
	(nil, f) := sys->tokenize(hd lines, " ");
	for(; tl f != nil; f = tl f)
		;
	return string n + " frames, newest in " + hd f;
}
