implement Iostats;

# iostats [-d] [-f dbfile] cmd [arg ...]: runs cmd (with the shell) in a
# copy of the name space served to it through iostats, which watches the
# 9P messages on the way and, when cmd is done, reports on standard error
# (iostats(4)): the data read and written and the protocol's bytes, with
# rates; then for each message type its count, fastest, slowest, total and
# average time and the bytes of its T- and R-messages; then for each file
# read or written its opens, reads and writes. -d logs every message to
# dbfile (iostats.out by default).
# The figures are computed as the original computes them, /dev/time's
# microseconds taken for nanoseconds: the times print in units of seconds
# under "ms" (so usually 0) and the rates are a thousand times too large.
# Its own errors raise "fatal:error", as the original's.

include "sys.m";
	sys: Sys;
	Qid: import sys;

include "draw.m";

include "arg.m";

include "workdir.m";

include "styx.m";
	styx: Styx;
	Tmsg, Rmsg: import styx;

Iostats: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

SHPATH: con "/dis/sh.dis";
MAXMSG: con 128*1024+Styx->IOHDRSZ;
PERMS: con big 1000000;		# what the original divides its times by

# Totals for one message type.
Rpc: adt {
	name:	string;
	count:	big;
	time:	big;
	lo:	big;
	hi:	big;
	bin:	big;	# bytes of its T-messages
	bout:	big;	# bytes of its R-messages
};

# A name for a file: its parent's and a last element.
Path: adt {
	parent:	cyclic ref Path;
	name:	string;
};

# What one fid did.
Fid: adt {
	nr:	int;
	path:	ref Path;
	qid:	Qid;
	nread:	big;
	nwrite:	big;
	bread:	big;
	bwrite:	big;
};

# What was done to one file, from the fids on it as they went.
Frec: adt {
	path:	ref Path;
	qid:	Qid;
	nread:	big;
	nwrite:	big;
	bread:	big;
	bwrite:	big;
	opens:	int;
};

# A T-message waiting for its answer.
Tag: adt {
	m:	ref Tmsg;
	fid:	ref Fid;
	sent:	big;
};

rpcs: array of ref Rpc;	# by tagof Tmsg
totread := big 0;
totwrite := big 0;
nproto := 0;
nrpc := 0;
tags: list of ref Tag;
FIDSLOTS: con 16;
fids := array[FIDSLOTS] of list of ref Fid;	# by fid number, hashed, as the original keeps them (the report's order follows)
frecs: list of ref Frec;
debug := 0;
stopping := 0;		# the command's mount is gone: the reader of replies should stop
STOPTAG: con 16rFFFE;

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	arg := load Arg Arg->PATH;
	if(arg == nil)
		fatal(sys->sprint("can't load %s", Arg->PATH));
	workdir := load Workdir Workdir->PATH;
	if(workdir == nil)
		fatal(sys->sprint("can't load %s", Workdir->PATH));
	styx = load Styx Styx->PATH;
	if(styx == nil)
		fatal(sys->sprint("can't load %s", Styx->PATH));
	styx->init();
	sh := load Command SHPATH;
	if(sh == nil)
		fatal(sys->sprint("can't load %s", SHPATH));
	wd := workdir->init();

	dbfile := "iostats.out";
	arg->init(argv);
	arg->setusage("iostats [-d] [-f debugfile] cmds [args ...]");
	while((c := arg->opt()) != 0)
		case c {
		'd' =>	debug++;
		'f' =>	dbfile = arg->earg();
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();

	sys->pctl(Sys->FORKFD|Sys->FORKNS|Sys->NEWPGRP|Sys->FORKENV, nil);
	if(debug){
		fd := sys->create(dbfile, Sys->OWRITE, 8r666);
		if(fd == nil)
			fatal(sys->sprint("can't create %q: %r", dbfile));
		sys->dup(fd.fd, 2);
	}
	if(sys->chdir("/") < 0)
		fatal(sys->sprint("chdir /: %r"));

	rpcs = array[tagof Tmsg.Wstat + 1] of ref Rpc;
	rpcs[tagof Tmsg.Version] = newrpc("version");
	rpcs[tagof Tmsg.Auth] = newrpc("auth");
	rpcs[tagof Tmsg.Flush] = newrpc("flush");
	rpcs[tagof Tmsg.Attach] = newrpc("attach");
	rpcs[tagof Tmsg.Walk] = newrpc("walk");
	rpcs[tagof Tmsg.Open] = newrpc("open");
	rpcs[tagof Tmsg.Create] = newrpc("create");
	rpcs[tagof Tmsg.Clunk] = newrpc("clunk");
	rpcs[tagof Tmsg.Read] = newrpc("read");
	rpcs[tagof Tmsg.Write] = newrpc("write");
	rpcs[tagof Tmsg.Remove] = newrpc("remove");
	rpcs[tagof Tmsg.Stat] = newrpc("stat");
	rpcs[tagof Tmsg.Wstat] = newrpc("wstat");

	# cmd <-> mountpipe <-> iostats <-> exportpipe <-> export of /
	mp := array[2] of ref Sys->FD;
	if(sys->pipe(mp) < 0)
		fatal(sys->sprint("can't create pipe: %r"));
	started := chan of int;
	cmddone := chan of int;
	spawn runcmd(sh, ctxt, argv, wd, mp[0], started, cmddone);
	<-started;
	mp[0] = nil;
	ep := array[2] of ref Sys->FD;
	if(sys->pipe(ep) < 0)
		fatal(sys->sprint("can't create pipe: %r"));
	spawn export(ep[1], started);
	<-started;
	ep[1] = nil;
	iodone := chan of int;
	spawn watch(ep[0], mp[1], started, iodone);
	<-started;
	ep[0] = mp[1] = nil;
	<-cmddone;
	<-iodone;
	report();
}

fatal(s: string)
{
	sys->fprint(sys->fildes(2), "iostats: %s: %r\n", s);
	raise "fatal:error";
}

newrpc(name: string): ref Rpc
{
	return ref Rpc(name, big 0, big 0, big 1<<40, big 0, big 0, big 0);
}

runcmd(sh: Command, ctxt: ref Draw->Context, argv: list of string, wd: string,
	fs: ref Sys->FD, started, done: chan of int)
{
	{
		sys->pctl(Sys->FORKNS|Sys->FORKFD, nil);
		started <-= 1;
		if(sys->mount(fs, nil, "/", Sys->MREPL, "") < 0)
			fatal(sys->sprint("can't mount /: %r"));
		fs = nil;
		sys->bind("#e", "/env", Sys->MREPL|Sys->MCREATE);
		sys->bind("#d", "/fd", Sys->MREPL);
		if(sys->chdir(wd) < 0)
			fatal(sys->sprint("can't chdir to %s: %r", wd));
		sh->init(ctxt, "sh" :: "-c" :: "$*" :: argv);
	}exception{
	"fail:*" =>
		;
	}
	done <-= 1;
}

export(fd: ref Sys->FD, started: chan of int)
{
	sys->pctl(Sys->NEWFD|Sys->FORKNS, fd.fd :: 0 :: 1 :: 2 :: nil);
	started <-= 1;
	sys->export(sys->fildes(fd.fd), "/", Sys->EXPWAIT);
}

# Passes the messages between the command's mount (mfd) and the export
# (efd), and counts them, until either side ends.
watch(efd, mfd: ref Sys->FD, started, done: chan of int)
{
	sys->pctl(Sys->NEWFD|Sys->NEWPGRP, 1 :: 2 :: efd.fd :: mfd.fd :: nil);
	started <-= 1;
	efd = sys->fildes(efd.fd);
	mfd = sys->fildes(mfd.fd);
	clock := sys->open("/dev/time", Sys->OREAD);
	if(clock == nil)
		fatal(sys->sprint("can't open /dev/time: %r"));
	tc := chan of (int, ref Tmsg);
	rc := chan of (int, ref Rmsg);
	pids := chan of int;
	spawn treader(mfd, efd, tc, pids);
	<-pids;
	spawn rreader(efd, mfd, rc, pids);
	<-pids;
	mfd = nil;
	stderr := sys->fildes(2);
	mountgone := 0;
Watch:
	for(;;) alt {
	(n, t) := <-tc =>
		mountgone = 1;
		if(t == nil)
			break Watch;
		pick e := t {
		Readerror =>
			break Watch;
		}
		mountgone = 0;
		if(debug)
			sys->fprint(stderr, "->%s\n", t.text());
		tag := ref Tag(t, nil, now(clock));
		tags = tag :: tags;
		nrpc++;
		nproto += n;
		rpc := rpcs[tagof t];
		rpc.count++;
		rpc.bin += big n;
		pick m := t {
		Auth =>
			tag.fid = newfid(m.afid);
		Attach =>
			tag.fid = newfid(m.fid);
		Walk =>
			tag.fid = findfid(m.fid);
		Open =>
			tag.fid = findfid(m.fid);
		Create =>
			tag.fid = findfid(m.fid);
		Read =>
			tag.fid = findfid(m.fid);
		Write =>
			tag.fid = findfid(m.fid);
			m.data = nil;
		Clunk or Stat or Remove =>
			tag.fid = findfid(m.fid);
		Wstat =>
			tag.fid = findfid(m.fid);
		}
	(n, r) := <-rc =>
		if(r == nil)
			break Watch;
		pick e := r {
		Readerror =>
			break Watch;
		}
		if(debug)
			sys->fprint(stderr, "<-%s\n", r.text());
		nproto += n;
		tag := taketag(r.tag);
		if(tag == nil)
			continue;
		if((rpc := answered(r)) != nil){
			addtime(rpc, now(clock)-tag.sent);
			rpc.bout += big n;
		}
		account(tag, r);
	}
	if(mountgone){
		# The reader of replies waits on the export: one more request
		# (a flush of nothing) gets it an answer, after which it stops,
		# so that the export sees its connection close and ends.
		stopping = 1;
		a := (ref Tmsg.Flush(STOPTAG, STOPTAG)).pack();
		if(sys->write(efd, a, len a) == len a)
			<-rc;
	}
	done <-= 1;
}

# The totals of the message type r answers, if it answers one.
answered(r: ref Rmsg): ref Rpc
{
	t := -1;
	pick m := r {
	Version =>	t = tagof Tmsg.Version;
	Auth =>	t = tagof Tmsg.Auth;
	Attach =>	t = tagof Tmsg.Attach;
	Flush =>	t = tagof Tmsg.Flush;
	Clunk =>	t = tagof Tmsg.Clunk;
	Remove =>	t = tagof Tmsg.Remove;
	Wstat =>	t = tagof Tmsg.Wstat;
	Walk =>	t = tagof Tmsg.Walk;
	Create =>	t = tagof Tmsg.Create;
	Open =>	t = tagof Tmsg.Open;
	Read =>	t = tagof Tmsg.Read;
	Write =>	t = tagof Tmsg.Write;
	Stat =>	t = tagof Tmsg.Stat;
	}
	if(t < 0)
		return nil;
	return rpcs[t];
}

# What reply r to the request of tag means for its fid.
account(tag: ref Tag, r: ref Rmsg)
{
	fid := tag.fid;
	pick m := r {
	Error =>
		pick t := tag.m {
		Auth =>
			if(fid != nil)
				retire(fid);
		}
	Version =>
		tags = nil;
		fids = array[FIDSLOTS] of list of ref Fid;
	Auth =>
		if(fid != nil){
			fid.qid = m.aqid;
			fid.path = ref Path(nil, "#auth");
		}
	Attach =>
		if(fid != nil){
			fid.qid = m.qid;
			fid.path = ref Path(nil, "/");
		}
	Walk =>
		pick t := tag.m {
		Walk =>
			if(len m.qids != len t.names || fid == nil)
				break;
			if(t.newfid != t.fid){
				nf := newfid(t.newfid);
				nf.path = fid.path;
				fid = nf;
			}
			for(i := 0; i < len t.names; i++){
				fid.qid = m.qids[i];
				if(t.names[i] == ".."){
					if(fid.path.parent != nil)
						fid.path = fid.path.parent;
				}else
					fid.path = ref Path(fid.path, t.names[i]);
			}
		}
	Open or Create =>
		if(fid != nil)
			fid.qid = m.qid;
	Read =>
		if(fid != nil){
			fid.nread++;
			fid.bread += big len m.data;
		}
		totread += big len m.data;
	Write =>
		if(fid != nil){
			fid.nwrite++;
			fid.bwrite += big m.count;
		}
		totwrite += big m.count;
	Flush =>
		pick t := tag.m {
		Flush =>
			taketag(t.oldtag);
		}
	Clunk or Remove =>
		if(fid != nil)
			retire(fid);
	}
}

# The fid is done with: what it read or wrote goes to its file's record.
retire(fid: ref Fid)
{
	if(fid.nread != big 0 || fid.nwrite != big 0)
		record(fid);
	s := fid.nr & (FIDSLOTS-1);
	rest: list of ref Fid;
	for(l := fids[s]; l != nil; l = tl l)
		if((hd l).nr != fid.nr)
			rest = hd l :: rest;
	fids[s] = rest;
}

record(fid: ref Fid)
{
	for(l := frecs; l != nil; l = tl l){
		fr := hd l;
		if(fr.qid.path == fid.qid.path && fr.qid.qtype == fid.qid.qtype){
			fr.nread += fid.nread;
			fr.nwrite += fid.nwrite;
			fr.bread += fid.bread;
			fr.bwrite += fid.bwrite;
			fr.opens++;
			return;
		}
	}
	frecs = ref Frec(fid.path, fid.qid, fid.nread, fid.nwrite, fid.bread, fid.bwrite, 1) :: frecs;
}

newfid(nr: int): ref Fid
{
	if((f := findfid(nr)) != nil)
		return f;
	f = ref Fid(nr, nil, Qid(big 0, 0, -1), big 0, big 0, big 0, big 0);
	s := nr & (FIDSLOTS-1);
	fids[s] = f :: fids[s];
	return f;
}

findfid(nr: int): ref Fid
{
	for(l := fids[nr & (FIDSLOTS-1)]; l != nil; l = tl l)
		if((hd l).nr == nr)
			return hd l;
	return nil;
}

# The request with tag t, taken off the list.
taketag(t: int): ref Tag
{
	found: ref Tag;
	rest: list of ref Tag;
	for(l := tags; l != nil; l = tl l)
		if(found == nil && (hd l).m.tag == t)
			found = hd l;
		else
			rest = hd l :: rest;
	if(found != nil)
		tags = rest;
	return found;
}

addtime(rpc: ref Rpc, t: big)
{
	if(t < big 0)
		t = big 0;
	rpc.time += t;
	if(t < rpc.lo)
		rpc.lo = t;
	if(t > rpc.hi)
		rpc.hi = t;
}

now(clock: ref Sys->FD): big
{
	b := array[32] of byte;
	n := sys->pread(clock, b, len b, big 0);
	if(n <= 0)
		return big 0;
	return big string b[0:n];
}

treader(in, out: ref Sys->FD, c: chan of (int, ref Tmsg), pid: chan of int)
{
	pid <-= sys->pctl(0, nil);
	for(;;){
		(a, err) := styx->readmsg(in, MAXMSG);
		if(err != nil){
			c <-= (0, ref Tmsg.Readerror(0, err));
			return;
		}
		if(a == nil){
			c <-= (0, nil);
			return;
		}
		(nil, m) := Tmsg.unpack(a);
		if(m == nil){
			c <-= (0, ref Tmsg.Readerror(0, "bad Styx T-message format"));
			return;
		}
		c <-= (len a, m);
		sys->write(out, a, len a);
	}
}

rreader(in, out: ref Sys->FD, c: chan of (int, ref Rmsg), pid: chan of int)
{
	pid <-= sys->pctl(0, nil);
	for(;;){
		(a, err) := styx->readmsg(in, MAXMSG);
		if(err != nil){
			c <-= (0, ref Rmsg.Readerror(0, err));
			return;
		}
		if(a == nil){
			c <-= (0, nil);
			return;
		}
		(nil, m) := Rmsg.unpack(a);
		if(m == nil){
			c <-= (0, ref Rmsg.Readerror(0, "bad Styx R-message format"));
			return;
		}
		c <-= (len a, m);
		if(stopping)
			return;
		sys->write(out, a, len a);
	}
}

report()
{
	out := sys->fildes(2);
	rtime := rpcs[tagof Tmsg.Read].time;
	wtime := rpcs[tagof Tmsg.Write].time;
	ttime := big 0;
	for(i := 0; i < len rpcs; i++)
		if(rpcs[i] != nil && rpcs[i].count != big 0)
			ttime += rpcs[i].time;
	sys->fprint(out, "\nread      %bud bytes, %g Kb/sec\n", totread, rate(real totread, rtime));
	sys->fprint(out, "write     %bud bytes, %g Kb/sec\n", totwrite, rate(real totwrite, wtime));
	sys->fprint(out, "protocol  %ud bytes, %g Kb/sec\n", nproto, rate(real nproto, ttime));
	sys->fprint(out, "rpc       %ud count\n\n", nrpc);
	sys->fprint(out, "%-10s %5s %5s %5s %5s %5s           T        R\n",
		"Message", "Count", "Low", "High", "Time", "  Avg");
	for(i = 0; i < len rpcs; i++){
		r := rpcs[i];
		if(r == nil || r.count == big 0)
			continue;
		sys->fprint(out, "%-10s %5bud %5bud %5bud %5bud %5bud ms %8bud %8bud bytes\n",
			r.name, r.count, r.lo/PERMS, r.hi/PERMS, r.time/PERMS, r.time/PERMS/r.count, r.bin, r.bout);
	}
	for(i = 0; i < FIDSLOTS; i++)
		for(l := fids[i]; l != nil; l = tl l){
			f := hd l;
			if(f.nread != big 0 || f.nwrite != big 0)
				record(f);
		}
	if(frecs == nil)
		return;
	sys->fprint(out, "\nOpens    Reads  (bytes)   Writes  (bytes) File\n");
	for(fl := frecs; fl != nil; fl = tl fl){
		fr := hd fl;
		name := pathname(fr.path);
		case name {
		"/fd/0" =>	name = "(stdin)";
		"/fd/1" =>	name = "(stdout)";
		"/fd/2" =>	name = "(stderr)";
		"" =>	name = "/.";
		}
		sys->fprint(out, "%5ud %8bud %8bud %8bud %8bud %s\n",
			fr.opens, fr.nread, fr.bread, fr.nwrite, fr.bwrite, name);
	}
}

# Kilobytes a second, as the original reckons them.
rate(bytes: real, t: big): real
{
	return bytes / (real t/1.0e9 + 0.000001) / 1024.0;
}

pathname(p: ref Path): string
{
	names: list of string;
	for(; p != nil; p = p.parent)
		if(p.name != "/")
			names = p.name :: names;
	s := "";
	for(; names != nil; names = tl names){
		if(s != nil)
			s += "/";
		s += hd names;
	}
	return "/" + s;
}
