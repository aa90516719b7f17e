implement Styxservers;

# The machinery of a 9P server that a program would otherwise write every
# time (styxservers(2)): a process reading T-messages off the connection
# onto a channel, a table of the client's fids, and answers to the messages
# a program leaves to it: version, auth (not required), attach, walk, open,
# directory reads, stat, clunk, and "permission denied" for changes. What
# exists is asked of the program's navigator, one Navop at a time.
# The checks, their order and their error strings are the original's, so a
# client sees the same answers.

include "sys.m";
	sys: Sys;

include "styx.m";
	styx: Styx;
	Tmsg, Rmsg: import styx;

include "styxservers.m";

FIDSLOTS: con 32;	# size of the fid hash table; a power of 2
DIRCHUNK: con Styx->STATFIXLEN+4*20;	# bytes of a typical packed Dir, to size navigator requests

tracing := 0;

init(s: Styx)
{
	sys = load Sys Sys->PATH;
	styx = s;
}

traceset(on: int)
{
	tracing = on;
}

Styxserver.new(fd: ref Sys->FD, t: ref Navigator, rootpath: big): (chan of ref Tmsg, ref Styxserver)
{
	srv := ref Styxserver;
	srv.fd = fd;
	srv.fids = array[FIDSLOTS] of list of ref Fid;
	srv.fidlock = chan[1] of int;
	srv.t = t;
	srv.rootpath = rootpath;
	srv.msize = 0;
	srv.replychan = nil;
	tc := chan of ref Tmsg;
	started := chan of int;
	spawn reader(srv, tc, started);
	<-started;
	return (tc, srv);
}

# Reads the client's messages until end of file or an error, which it
# passes on (nil, or a Readerror) before it ends.
reader(srv: ref Styxserver, tc: chan of ref Tmsg, started: chan of int)
{
	keep := srv.fd.fd :: nil;
	if(tracing)
		keep = 2 :: keep;
	sys->pctl(Sys->NEWFD|Sys->NEWNS, keep);
	started <-= 1;
	fd := sys->fildes(srv.fd.fd);
	for(;;){
		m := Tmsg.read(fd, srv.msize);
		if(tracing && m != nil)
			sys->fprint(sys->fildes(2), "<- %s\n", m.text());
		tc <-= m;
		if(m == nil)
			break;
		pick e := m {
		Readerror =>
			exit;
		}
	}
}

Fid.clone(f: self ref Fid, nf: ref Fid): ref Fid
{
	nf.path = f.path;
	nf.qtype = f.qtype;
	nf.isopen = f.isopen;
	nf.mode = f.mode;
	nf.doffset = f.doffset;
	nf.uname = f.uname;
	nf.param = f.param;
	nf.data = f.data;
	return nf;
}

Fid.walk(f: self ref Fid, qid: Sys->Qid)
{
	f.path = qid.path;
	f.qtype = qid.qtype;
}

Fid.open(f: self ref Fid, mode: int, qid: Sys->Qid)
{
	f.isopen = 1;
	f.mode = mode;
	f.doffset = (0, 0);
	f.walk(qid);
}

Styxserver.error(srv: self ref Styxserver, m: ref Tmsg, msg: string)
{
	srv.reply(ref Rmsg.Error(m.tag, msg));
}

Styxserver.reply(srv: self ref Styxserver, m: ref Rmsg): int
{
	if(tracing)
		sys->fprint(sys->fildes(2), "-> %s\n", m.text());
	if(srv.replychan != nil){
		srv.replychan <-= m;
		return 0;
	}
	return srv.replydirect(m);
}

Styxserver.replydirect(srv: self ref Styxserver, m: ref Rmsg): int
{
	if(srv.msize == 0)
		m = ref Rmsg.Error(m.tag, "Tversion not seen");
	a := m.pack();
	if(srv.msize != 0 && len a > srv.msize){
		m = ref Rmsg.Error(m.tag, "Styx reply didn't fit");
		a = m.pack();
	}
	return sys->write(srv.fd, a, len a);
}

Styxserver.attach(srv: self ref Styxserver, m: ref Tmsg.Attach): ref Fid
{
	(d, err) := srv.t.stat(srv.rootpath);
	if(d == nil)
		return fail(srv, m, err);
	if((d.qid.qtype & Sys->QTDIR) == 0)
		return fail(srv, m, Enotdir);
	f := srv.newfid(m.fid);
	if(f == nil)
		return fail(srv, m, Einuse);
	f.uname = m.uname;
	f.param = m.aname;
	f.walk(d.qid);
	srv.reply(ref Rmsg.Attach(m.tag, d.qid));
	return f;
}

# Answers m with the error e; nil for the caller to return.
fail(srv: ref Styxserver, m: ref Tmsg, e: string): ref Fid
{
	srv.reply(ref Rmsg.Error(m.tag, e));
	return nil;
}

# The file name in the directory f stands at, if f may search it.
step(t: ref Navigator, f: ref Fid, name: string): (ref Sys->Dir, string)
{
	(d, err) := t.stat(f.path);
	if(d == nil)
		return (nil, err);
	if((d.qid.qtype & Sys->QTDIR) == 0)
		return (nil, Enotdir);
	if(!openok(f.uname, Styx->OEXEC, d.mode, d.uid, d.gid))
		return (nil, Eperm);
	return t.walk(d.qid.path, name);
}

Styxserver.walk(srv: self ref Styxserver, m: ref Tmsg.Walk): ref Fid
{
	f := srv.getfid(m.fid);
	if(f == nil)
		return fail(srv, m, Ebadfid);
	if(f.isopen)
		return fail(srv, m, Eopen);
	cloned := m.newfid != m.fid;
	if(cloned){
		nf := srv.newfid(m.newfid);
		if(nf == nil)
			return fail(srv, m, Einuse);
		f = f.clone(nf);
	}
	(path, qtype) := (f.path, f.qtype);
	qids := array[len m.names] of Sys->Qid;
	for(i := 0; i < len m.names; i++){
		(d, err) := step(srv.t, f, m.names[i]);
		if(d == nil){
			# a walk that stops part way moves no fid
			(f.path, f.qtype) = (path, qtype);
			if(cloned)
				srv.delfid(f);
			if(i == 0)
				return fail(srv, m, err);
			srv.reply(ref Rmsg.Walk(m.tag, qids[0:i]));
			return nil;
		}
		f.walk(d.qid);
		qids[i] = d.qid;
	}
	srv.reply(ref Rmsg.Walk(m.tag, qids));
	return f;
}

Styxserver.canopen(srv: self ref Styxserver, m: ref Tmsg.Open): (ref Fid, int, ref Sys->Dir, string)
{
	f := srv.getfid(m.fid);
	if(f == nil)
		return (nil, 0, nil, Ebadfid);
	if(f.isopen)
		return (nil, 0, nil, Eopen);
	(d, err) := srv.t.stat(f.path);
	if(d == nil)
		return (nil, 0, nil, err);
	mode := openmode(m.mode);
	if(mode == -1)
		return (nil, 0, nil, Ebadarg);
	if(mode != Sys->OREAD && (d.qid.qtype & Sys->QTDIR))
		return (nil, 0, nil, Eperm);
	if(!openok(f.uname, m.mode, d.mode, d.uid, d.gid))
		return (nil, 0, nil, Eperm);
	if(m.mode & Sys->ORCLOSE){
		# removing it at close needs a parent that is not itself (the root) and may be written
		(p, nil) := srv.t.walk(f.path, "..");
		if(p == nil || p.qid.path == d.qid.path && p.qid.qtype == d.qid.qtype)
			return (nil, 0, nil, Eperm);
		if(!openok(f.uname, Sys->OWRITE, p.mode, p.uid, p.gid))
			return (nil, 0, nil, Eperm);
		mode |= Sys->ORCLOSE;
	}
	return (f, mode, d, nil);
}

Styxserver.open(srv: self ref Styxserver, m: ref Tmsg.Open): ref Fid
{
	(f, mode, d, err) := srv.canopen(m);
	if(f == nil)
		return fail(srv, m, err);
	f.open(mode, d.qid);
	srv.reply(ref Rmsg.Open(m.tag, d.qid, srv.iounit()));
	return f;
}

Styxserver.cancreate(srv: self ref Styxserver, m: ref Tmsg.Create): (ref Fid, int, ref Sys->Dir, string)
{
	f := srv.getfid(m.fid);
	if(f == nil)
		return (nil, 0, nil, Ebadfid);
	if(f.isopen)
		return (nil, 0, nil, Eopen);
	(dir, err) := srv.t.stat(f.path);
	if(dir == nil)
		return (nil, 0, nil, err);
	if((dir.mode & Sys->DMDIR) == 0)
		return (nil, 0, nil, Enotdir);
	if(m.name == nil)
		return (nil, 0, nil, Ename);
	if(m.name == "." || m.name == "..")
		return (nil, 0, nil, Edot);
	if(!openok(f.uname, Sys->OWRITE, dir.mode, dir.uid, dir.gid))
		return (nil, 0, nil, Eperm);
	(old, nil) := srv.t.walk(dir.qid.path, m.name);
	if(old != nil)
		return (nil, 0, nil, Eexists);
	mode := openmode(m.mode);
	if(mode == -1)
		return (nil, 0, nil, Ebadarg);
	mode |= m.mode & Sys->ORCLOSE;
	# the new file's permissions are limited by its directory's (open(5))
	d := ref Sys->zerodir;
	if(m.perm & Sys->DMDIR){
		d.mode = m.perm & (~8r777 | (dir.mode & 8r777));
		d.qid.qtype = Sys->QTDIR;
	}else{
		d.mode = m.perm & (~8r666 | (dir.mode & 8r666));
		d.qid.qtype = Sys->QTFILE;
	}
	d.name = m.name;
	d.uid = f.uname;
	d.muid = f.uname;
	d.gid = dir.gid;
	d.dtype = dir.dtype;
	d.dev = dir.dev;
	return (f, mode, d, nil);
}

Styxserver.canread(srv: self ref Styxserver, m: ref Tmsg.Read): (ref Fid, string)
{
	f := srv.getfid(m.fid);
	if(f == nil)
		return (nil, Ebadfid);
	if(!f.isopen)
		return (nil, Enotopen);
	rw := f.mode & 3;
	if(rw != Sys->OREAD && rw != Sys->ORDWR)
		return (nil, Eaccess);
	if(m.count < 0 || m.count > srv.msize-Styx->IOHDRSZ)
		return (nil, Ecount);
	if(m.offset < big 0)
		return (nil, Eoffset);
	return (f, nil);
}

# A directory read: whole packed entries from the navigator, as many as fit
# in m.count, starting where the last read of this fid ended (or rescanning
# from the first entry when m.offset is elsewhere).
Styxserver.read(srv: self ref Styxserver, m: ref Tmsg.Read): ref Fid
{
	(f, err) := srv.canread(m);
	if(f == nil)
		return fail(srv, m, err);
	if((f.qtype & Sys->QTDIR) == 0)
		return fail(srv, m, Eperm);
	if(m.count <= 0){
		srv.reply(ref Rmsg.Read(m.tag, nil));
		return f;
	}
	buf := array[m.count] of byte;
	room := m.count;
	(offset, index) := f.doffset;
	if(big offset != m.offset)
		(offset, index) = (0, 0);
	n := 0;
	full := 0;
	while(!full){
		ents := srv.t.readdir(f.path, index, (m.count+DIRCHUNK-1)/DIRCHUNK);
		if(len ents == 0)
			break;
		for(i := 0; i < len ents; i++){
			size := styx->packdirsize(*ents[i]);
			if(offset+size > int m.offset){
				if(size > room){
					full = 1;
					break;
				}
				buf[n:] = styx->packdir(*ents[i]);
				n += size;
				room -= size;
			}
			offset += size;
			index++;
		}
	}
	f.doffset = (offset, index);
	srv.reply(ref Rmsg.Read(m.tag, buf[0:n]));
	return f;
}

Styxserver.canwrite(srv: self ref Styxserver, m: ref Tmsg.Write): (ref Fid, string)
{
	f := srv.getfid(m.fid);
	if(f == nil)
		return (nil, Ebadfid);
	if(!f.isopen)
		return (nil, Enotopen);
	if(f.qtype & Sys->QTDIR)
		return (nil, Eperm);
	rw := f.mode & 3;
	if(rw != Sys->OWRITE && rw != Sys->ORDWR)
		return (nil, Eaccess);
	if(m.offset < big 0)
		return (nil, Eoffset);
	return (f, nil);
}

Styxserver.stat(srv: self ref Styxserver, m: ref Tmsg.Stat)
{
	f := srv.getfid(m.fid);
	if(f == nil){
		fail(srv, m, Ebadfid);
		return;
	}
	(d, err) := srv.t.stat(f.path);
	if(d == nil){
		fail(srv, m, err);
		return;
	}
	srv.reply(ref Rmsg.Stat(m.tag, *d));
}

Styxserver.canremove(srv: self ref Styxserver, m: ref Tmsg.Remove): (ref Fid, big, string)
{
	f := srv.getfid(m.fid);
	if(f == nil)
		return (nil, big 0, Ebadfid);
	(p, nil) := srv.t.walk(f.path, "..");
	if(p == nil)
		return (nil, big 0, "can't find parent directory");
	if(p.qid.path == f.path && p.qid.qtype == f.qtype)
		return (nil, big 0, Eperm);	# the root
	if(!openok(f.uname, Sys->OWRITE, p.mode, p.uid, p.gid))
		return (nil, big 0, Eperm);
	return (f, p.qid.path, nil);
}

Styxserver.remove(srv: self ref Styxserver, m: ref Tmsg.Remove): ref Fid
{
	f := srv.getfid(m.fid);
	if(f == nil)
		return fail(srv, m, Ebadfid);
	srv.delfid(f);		# remove(5) clunks even when it fails
	srv.reply(ref Rmsg.Error(m.tag, Eperm));
	return f;
}

Styxserver.clunk(srv: self ref Styxserver, m: ref Tmsg.Clunk): ref Fid
{
	f := srv.getfid(m.fid);
	if(f == nil)
		return fail(srv, m, Ebadfid);
	srv.delfid(f);
	srv.reply(ref Rmsg.Clunk(m.tag));
	return f;
}

# The end of the client's messages stops the navigator and the caller.
Styxserver.default(srv: self ref Styxserver, gm: ref Tmsg)
{
	if(gm == nil){
		srv.t.c <-= nil;
		exit;
	}
	pick m := gm {
	Readerror =>
		srv.t.c <-= nil;
		exit;
	Version =>
		if(srv.msize <= 0)
			srv.msize = Styx->MAXRPC;
		(msize, version) := styx->compatible(m, srv.msize, Styx->VERSION);
		if(msize < 256){
			srv.reply(ref Rmsg.Error(m.tag, "message size too small"));
			return;
		}
		srv.msize = msize;
		srv.reply(ref Rmsg.Version(m.tag, msize, version));
	Auth =>
		srv.reply(ref Rmsg.Error(m.tag, "authentication not required"));
	Flush =>
		srv.reply(ref Rmsg.Flush(m.tag));
	Attach =>
		srv.attach(m);
	Walk =>
		srv.walk(m);
	Open =>
		srv.open(m);
	Read =>
		srv.read(m);
	Clunk =>
		srv.clunk(m);
	Stat =>
		srv.stat(m);
	Remove =>
		srv.remove(m);
	Create =>
		srv.reply(ref Rmsg.Error(m.tag, Eperm));
	Write =>
		srv.reply(ref Rmsg.Error(m.tag, Eperm));
	Wstat =>
		srv.reply(ref Rmsg.Error(m.tag, Eperm));
	}
}

Styxserver.iounit(srv: self ref Styxserver): int
{
	n := srv.msize-Styx->IOHDRSZ;
	if(n < 0)
		return 0;
	return n;
}

Styxserver.getfid(srv: self ref Styxserver, fid: int): ref Fid
{
	for(l := srv.fids[fid & (FIDSLOTS-1)]; l != nil; l = tl l)
		if((hd l).fid == fid)
			return hd l;
	return nil;
}

Styxserver.newfid(srv: self ref Styxserver, fid: int): ref Fid
{
	srv.fidlock <-= 1;
	if(srv.getfid(fid) != nil){
		<-srv.fidlock;
		return nil;
	}
	f := ref Fid;
	f.fid = fid;
	f.path = big -1;
	f.qtype = 0;
	f.isopen = 0;
	f.mode = 0;
	f.doffset = (0, 0);
	slot := fid & (FIDSLOTS-1);
	srv.fids[slot] = f :: srv.fids[slot];
	<-srv.fidlock;
	return f;
}

Styxserver.delfid(srv: self ref Styxserver, f: ref Fid)
{
	slot := f.fid & (FIDSLOTS-1);
	srv.fidlock <-= 1;
	rest: list of ref Fid;
	for(l := srv.fids[slot]; l != nil; l = tl l)
		if((hd l).fid != f.fid)
			rest = hd l :: rest;
	srv.fids[slot] = rest;
	<-srv.fidlock;
}

Styxserver.allfids(srv: self ref Styxserver): list of ref Fid
{
	all: list of ref Fid;
	srv.fidlock <-= 1;
	for(i := 0; i < len srv.fids; i++)
		for(l := srv.fids[i]; l != nil; l = tl l)
			all = hd l :: all;
	<-srv.fidlock;
	return all;
}

readbytes(m: ref Tmsg.Read, d: array of byte): ref Rmsg.Read
{
	r := ref Rmsg.Read(m.tag, nil);
	if(m.offset < big 0 || m.offset >= big len d)
		return r;
	s := int m.offset;
	e := len d;
	if(m.count < e-s)
		e = s+m.count;
	r.data = d[s:e];
	return r;
}

readstr(m: ref Tmsg.Read, s: string): ref Rmsg.Read
{
	return readbytes(m, array of byte s);
}

Navigator.new(c: chan of ref Navop): ref Navigator
{
	return ref Navigator(c, chan of (ref Sys->Dir, string));
}

Navigator.stat(t: self ref Navigator, q: big): (ref Sys->Dir, string)
{
	t.c <-= ref Navop.Stat(t.reply, q);
	return <-t.reply;
}

Navigator.walk(t: self ref Navigator, parentq: big, name: string): (ref Sys->Dir, string)
{
	t.c <-= ref Navop.Walk(t.reply, parentq, name);
	return <-t.reply;
}

# The navigator answers with one entry at a time and then (nil, nil); any
# beyond count are read and dropped.
Navigator.readdir(t: self ref Navigator, q: big, offset, count: int): array of ref Sys->Dir
{
	if(count < 0)
		count = 0;
	a := array[count] of ref Sys->Dir;
	t.c <-= ref Navop.Readdir(t.reply, q, offset, count);
	n := 0;
	for(;;){
		(d, nil) := <-t.reply;
		if(d == nil)
			break;
		if(n < count)
			a[n++] = d;
	}
	if(n == 0)
		return nil;
	return a[0:n];
}

openmode(o: int): int
{
	o &= ~(Sys->OTRUNC|Sys->ORCLOSE);
	if(o > Sys->ORDWR)
		return -1;
	return o;
}

# The permission bits an open mode needs.
needs(omode: int): int
{
	case omode & 3 {
	Sys->OREAD =>	return 8r4;
	Sys->OWRITE =>	return 8r2;
	Sys->ORDWR =>	return 8r6;
	}
	return 8r1;	# OEXEC
}

# Whether uname may open a file of mode perm, owner fuid and group fgid
# with omode: by the owner's bits, the group's (when uname is the group's
# name), or everyone's.
openok(uname: string, omode, perm: int, fuid, fgid: string): int
{
	want := needs(omode);
	if(omode & Sys->OTRUNC){
		if(perm & Sys->DMDIR)
			return 0;
		want |= 8r2;
	}
	if(uname == fuid && ((perm>>6) & want) == want)
		return 1;
	if(uname == fgid && ((perm>>3) & want) == want)
		return 1;
	return (perm & want) == want;
}
