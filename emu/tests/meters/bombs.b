implement Bombs;

# A fork bomb and an allocation bomb, each in a process group of its own with a
# budget, while a prog of the first group keeps answering on a channel. Prints
# what it sees once both bombs are stopped, then kills them and asks once more.
# A third group's single allocation larger than twice its heap budget is
# refused with the usual exception.

include "sys.m";
	sys: Sys;
include "draw.m";

Bombs: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

FORK, ALLOC, HUGE: con iota;

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	ask := chan of int;
	answer := chan of int;
	spawn answerer(ask, answer);

	fork := start(FORK, "meter insts 4000000", "meter heap 16M");
	alloc := start(ALLOC, "meter heap 8M", nil);
	answered := 0;
	deadline := sys->millisec() + 15000;
	while(sys->millisec() < deadline){
		ask <-= answered;
		if(<-answer == answered + 1)
			answered++;
		if(answered % 50 == 0 && stopped(fork) && stopped(alloc))
			break;
	}
	sys->print("answered while the bombs ran: %s\n", yes(answered > 0));
	sys->print("fork bomb %s: %s\n", state(fork), group(fork));
	sys->print("allocation bomb %s: %s\n", state(alloc), group(alloc));
	ctl(fork, "killgrp");
	ctl(alloc, "killgrp");
	ask <-= 41;
	sys->print("after the kills: %d\n", <-answer);

	huge := start(HUGE, "meter heap 1M", nil);
	sys->sleep(200);
	sys->print("huge allocation: %s\n", state(huge));
	ctl(huge, "killgrp");
}

# Starts a prog of kind `kind` in a new process group, gives the group its
# budgets, lets it go; returns its pid.
start(kind: int, b1, b2: string): int
{
	pidc := chan of int;
	go := chan of int;
	spawn starter(kind, pidc, go);
	pid := <-pidc;
	ctl(pid, b1);
	if(b2 != nil)
		ctl(pid, b2);
	go <-= 1;
	return pid;
}

starter(kind: int, pidc, go: chan of int)
{
	sys->pctl(Sys->NEWPGRP, nil);
	pidc <-= sys->pctl(0, nil);
	<-go;
	case kind {
	FORK =>
		forkbomb();
	ALLOC =>
		allocbomb();
	HUGE =>
		{
			a := array[8*1024*1024] of byte;
			a[0] = byte 1;
			sys->print("huge allocation was not refused\n");
		} exception e {
		"*" =>
			sys->print("huge allocation refused: %s\n", e);
			for(;;)
				sys->sleep(1000);
		}
	}
}

forkbomb()
{
	for(;;)
		spawn forkbomb();
}

allocbomb()
{
	l: list of array of byte;
	for(;;)
		l = array[4096] of byte :: l;
}

answerer(ask, answer: chan of int)
{
	for(;;)
		answer <-= <-ask + 1;
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

# The state field of the prog's status line.
state(pid: int): string
{
	(n, f) := sys->tokenize(readfile("/prog/" + string pid + "/status"), " ");
	if(n < 5)
		return "gone";
	return hd tl tl tl tl f;
}

# The group line of the prog's meter file, checked: the instruction count
# within the budget, and where the heap stands against its budget.
group(pid: int): string
{
	(nil, lines) := sys->tokenize(readfile("/prog/" + string pid + "/meter"), "\n");
	if(len lines < 2)
		return "no meter";
	(nil, f) := sys->tokenize(hd tl lines, " /");
	# group PGRP insts USED LIMIT cpu MS heap LIVE LIMIT STATE
	a := array[len f] of string;
	for(i := 0; f != nil; f = tl f)
		a[i++] = hd f;
	if(len a != 11)
		return "bad meter line " + hd tl lines;
	insts := "no insts budget";
	if(a[4] != "-"){
		if(big a[3] <= big a[4])
			insts = "insts within budget";
		else
			insts = "insts over budget";
	}
	heap := "heap within budget";
	if(big a[8] > big a[9])
		heap = "heap over budget";
	if(big a[8] > big 2 * big a[9])
		heap = "heap over twice its budget";
	return insts + ", " + heap + ", " + a[10];
}

stopped(pid: int): int
{
	return state(pid) == "stopped";
}

yes(b: int): string
{
	if(b)
		return "yes";
	return "no";
}
