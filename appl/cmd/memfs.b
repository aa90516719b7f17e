implement Memfs;

# memfs [-s] [-rab] [-m size] [mountpoint]: a file system kept in memory
# (memfs(4)), mounted on mountpoint (/tmp by default; -r replaces it, the
# default, -a and -b make a union after or before it) or, with -s, served
# on standard input. File data is kept in 512-byte blocks, at most size
# bytes of them (rounded down to whole blocks; a file always has at least
# one block, and one more from each 512-byte boundary its end reaches);
# past that, creating or growing a file fails with "filesystem full".
# The root, "memfs", belongs to the user who ran it, mode 8r755; every
# file's group is memfs. Permissions are checked as the original does:
# the owner's bits for the owner, everyone's for the rest, no groups.
#
# Styxservers reads the messages, keeps the fids and negotiates the
# version; memfs answers everything else itself, from one process that owns
# the tree, so the server has no navigator to ask (none of the requests it
# would ask one for reaches Styxservers).

include "sys.m";
	sys: Sys;
	OREAD, OWRITE, OTRUNC, ORCLOSE, DMDIR, DMAPPEND, QTDIR, QTFILE: import Sys;

include "draw.m";

include "arg.m";

include "styx.m";
	styx: Styx;
	Tmsg, Rmsg: import styx;

include "styxservers.m";
	styxservers: Styxservers;
	Styxserver, Navigator, Fid: import styxservers;
	Ebadfid, Einuse, Eopen, Enotfound, Enotdir, Eperm, Eexists: import Styxservers;

Memfs: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

BLOCK: con 512;
Efull: con "filesystem full";

File: adt {
	name:	string;
	owner:	string;
	qid:	Sys->Qid;
	perm:	int;
	atime:	int;
	mtime:	int;
	nopen:	int;		# fids that have it open
	blocks:	array of array of byte;	# nil blocks are holes
	length:	int;
	parent:	cyclic ref File;	# nil once removed; the root's is itself
	kids:	cyclic ref File;	# newest first
	next:	cyclic ref File;	# sibling
	chain:	cyclic ref File;	# next in its hash slot
};

SLOTS: con 256;
files := array[SLOTS] of ref File;
nextpath := 0;
freeblocks := 0;
root: ref File;
timefd: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	arg := load Arg Arg->PATH;
	if(arg == nil)
		error(sys->sprint("cannot load %s: %r", Arg->PATH));
	styx = load Styx Styx->PATH;
	if(styx == nil)
		error(sys->sprint("cannot load %s: %r", Styx->PATH));
	styxservers = load Styxservers Styxservers->PATH;
	if(styxservers == nil)
		error(sys->sprint("cannot load %s: %r", Styxservers->PATH));

	flags := Sys->MREPL;
	maxsize := 16r7fffffff;
	serve := 0;
	arg->init(argv);
	arg->setusage("memfs [-s] [-rab] [-m size] [mountpoint]");
	while((c := arg->opt()) != 0)
		case c {
		's' =>	serve = 1;
		'r' =>	flags = Sys->MREPL;
		'a' =>	flags = Sys->MAFTER;
		'b' =>	flags = Sys->MBEFORE;
		'm' =>	maxsize = int arg->earg();
		* =>	arg->usage();
		}
	argv = arg->argv();
	mountpoint := "/tmp";
	if(argv != nil)
		mountpoint = hd argv;

	styx->init();
	styxservers->init(styx);
	timefd = sys->open("/dev/time", OREAD);
	freeblocks = maxsize/BLOCK;
	if(serve){
		run(sys->fildes(0), user(), nil);
		return;
	}
	p := array[2] of ref Sys->FD;
	if(sys->pipe(p) < 0)
		error(sys->sprint("cannot create pipe: %r"));
	started := chan of int;
	spawn run(p[1], user(), started);
	<-started;
	p[1] = nil;
	if(sys->mount(p[0], nil, mountpoint, flags|Sys->MCREATE, nil) < 0)
		error(sys->sprint("failed to mount onto %s: %r", mountpoint));
}

error(s: string)
{
	sys->fprint(sys->fildes(2), "memfs: %s\n", s);
	raise "fail:error";
}

user(): string
{
	fd := sys->open("/dev/user", OREAD);
	if(fd == nil)
		return "";
	b := array[64] of byte;
	n := sys->read(fd, b, len b);
	if(n <= 0)
		return "";
	return string b[0:n];
}

now(): int
{
	if(timefd == nil)
		return 0;
	b := array[32] of byte;
	n := sys->pread(timefd, b, len b, big 0);
	if(n <= 0)
		return 0;
	return int (big string b[0:n] / big 1000000);
}

run(fd: ref Sys->FD, owner: string, started: chan of int)
{
	sys->pctl(Sys->NEWNS, nil);
	(tc, srv) := Styxserver.new(fd, Navigator.new(chan of ref Styxservers->Navop), big 0);
	fd = nil;
	if(started != nil)
		started <-= 1;
	root = newfile(nil, "memfs", owner, DMDIR|8r755);
	root.parent = root;
Serve:
	while((gm := <-tc) != nil){
		pick m := gm {
		Readerror =>
			break Serve;
		Version =>
			srv.default(m);
		Auth =>
			srv.default(m);
		Flush =>
			srv.default(m);
		* =>
			e := answer(srv, m);
			if(e != nil)
				srv.reply(ref Rmsg.Error(m.tag, e));
		}
	}
}

# Answers m, or returns the error to answer with.
answer(srv: ref Styxserver, gm: ref Tmsg): string
{
	pick m := gm {
	Attach =>
		f := srv.newfid(m.fid);
		if(f == nil)
			return Einuse;
		f.uname = m.uname;
		f.param = m.aname;
		f.walk(root.qid);
		srv.reply(ref Rmsg.Attach(m.tag, root.qid));
	Walk =>
		(f, file, e) := lookfid(srv, m.fid);
		if(e != nil)
			return e;
		if(m.newfid != m.fid){
			nf := srv.newfid(m.newfid);
			if(nf == nil)
				return "fid in use";
			f = f.clone(nf);
		}
		qids := array[len m.names] of Sys->Qid;
		for(i := 0; i < len m.names; i++){
			file = lookup(file, m.names[i]);
			if(file == nil){
				if(m.newfid != m.fid)
					srv.delfid(f);
				if(i == 0)
					return Enotfound;
				srv.reply(ref Rmsg.Walk(m.tag, qids[0:i]));
				return nil;
			}
			qids[i] = file.qid;
		}
		f.walk(file.qid);
		srv.reply(ref Rmsg.Walk(m.tag, qids));
	Open =>
		(f, file, e) := lookfid(srv, m.fid);
		if(e != nil)
			return e;
		if(f.isopen)
			return Eopen;
		if(!allowed(m.mode, file.perm, f.uname, file.owner))
			return Eperm;
		if(file.perm & DMDIR && m.mode & (OTRUNC|OWRITE|ORCLOSE))
			return Eperm;
		if(m.mode & ORCLOSE){
			p := file.parent;
			if(p == nil || !allowed(OWRITE, p.perm, f.uname, p.owner))
				return Eperm;
		}
		f.open(m.mode, file.qid);
		file.nopen++;
		if(m.mode & OTRUNC && (file.perm & DMAPPEND) == 0){
			freeblocks += len file.blocks - 1;
			file.blocks = array[1] of array of byte;
			file.length = 0;
			file.mtime = now();
		}
		srv.reply(ref Rmsg.Open(m.tag, file.qid, Styx->MAXFDATA));
	Create =>
		(f, dir, e) := lookfid(srv, m.fid);
		if(e != nil)
			return e;
		if(f.isopen)
			return Eopen;
		if((dir.qid.qtype & QTDIR) == 0)
			return Enotdir;
		if(!allowed(OWRITE, dir.perm, f.uname, dir.owner))
			return Eperm;
		isdir := m.perm & DMDIR;
		if(isdir && m.mode & (OTRUNC|OWRITE|ORCLOSE))
			return Eperm;
		if(lookup(dir, m.name) != nil)
			return Eexists;
		if(!isdir && freeblocks <= 0)
			return Efull;
		# the directory's permissions limit the new file's (open(5))
		perm: int;
		if(isdir)
			perm = m.perm&~8r777 | dir.perm&m.perm&8r777;
		else
			perm = m.perm&(~8r777|8r111) | dir.perm&m.perm&8r666;
		file := newfile(dir, m.name, f.uname, perm);
		if(!isdir){
			file.blocks = array[1] of array of byte;
			freeblocks--;
		}
		file.next = dir.kids;
		dir.kids = file;
		f.open(m.mode, file.qid);
		file.nopen = 1;
		srv.reply(ref Rmsg.Create(m.tag, file.qid, Styx->MAXFDATA));
	Read =>
		(f, file, e) := lookfid(srv, m.fid);
		if(e != nil)
			return e;
		if(!f.isopen)
			return Ebadfid;
		data: array of byte;
		if(file.perm & DMDIR)
			data = dirdata(file, int m.offset, m.count);
		else
			data = readfile(file, m.offset, m.count);
		file.atime = now();
		srv.reply(ref Rmsg.Read(m.tag, data));
	Write =>
		(f, file, e) := lookfid(srv, m.fid);
		if(f != nil && !f.isopen)
			return Ebadfid;
		if(e != nil)
			return e;
		if(file.perm & DMDIR)
			return Eperm;
		e = writefile(file, m.offset, m.data);
		if(e != nil)
			return e;
		srv.reply(ref Rmsg.Write(m.tag, len m.data));
	Clunk =>
		(f, file, e) := lookfid(srv, m.fid);
		if(f != nil)
			srv.delfid(f);
		if(e != nil)
			return e;
		if(f.isopen){
			if(f.mode & ORCLOSE)
				unlink(file);
			file.nopen--;
			release(file);
		}
		srv.reply(ref Rmsg.Clunk(m.tag));
	Stat =>
		(nil, file, e) := lookfid(srv, m.fid);
		if(e != nil)
			return e;
		srv.reply(ref Rmsg.Stat(m.tag, dirof(file)));
	Remove =>
		(f, file, e) := lookfid(srv, m.fid);
		if(e != nil)
			return e;
		srv.delfid(f);
		p := file.parent;
		if(p == nil)
			return Enotfound;
		if(!allowed(OWRITE, p.perm, f.uname, p.owner))
			return Eperm;
		if(file.perm & DMDIR && file.kids != nil)
			return "directory not empty";
		if(file == root)
			return "root directory";
		unlink(file);
		if(f.isopen)
			file.nopen--;
		release(file);
		srv.reply(ref Rmsg.Remove(m.tag));
	Wstat =>
		(f, file, e) := lookfid(srv, m.fid);
		if(e != nil)
			return e;
		d := m.stat;
		p := file.parent;
		if(p == nil)
			return Enotfound;
		if(d.name != file.name){
			if(!allowed(OWRITE, p.perm, f.uname, p.owner))
				return Eperm;
			if(lookup(p, d.name) != nil)
				return Eexists;
		}
		if((d.mode != file.perm || d.mtime != file.mtime) && f.uname != file.owner)
			return Eperm;
		if(d.name != nil)
			file.name = d.name;
		if(d.mode != ~0)
			file.perm = d.mode | (file.perm & DMDIR);
		if(d.mtime != ~0)
			file.mtime = d.mtime;
		if(d.uid != nil)
			file.owner = d.uid;
		t := now();
		file.atime = t;
		p.mtime = t;
		srv.reply(ref Rmsg.Wstat(m.tag));
	}
	return nil;
}

# The fid and its file, or the error.
lookfid(srv: ref Styxserver, fid: int): (ref Fid, ref File, string)
{
	f := srv.getfid(fid);
	if(f == nil)
		return (nil, nil, Ebadfid);
	file := find(f.path);
	if(file == nil)
		return (f, nil, Enotfound);
	return (f, file, nil);
}

find(path: big): ref File
{
	for(f := files[int path & (SLOTS-1)]; f != nil; f = f.chain)
		if(f.qid.path == path)
			return f;
	return nil;
}

newfile(parent: ref File, name, owner: string, perm: int): ref File
{
	t := now();
	f := ref File;
	f.name = name;
	f.owner = owner;
	f.qid = (big nextpath++, 0, QTFILE);
	if(perm & DMDIR)
		f.qid.qtype = QTDIR;
	f.perm = perm;
	f.atime = t;
	f.mtime = t;
	f.parent = parent;
	s := int f.qid.path & (SLOTS-1);
	f.chain = files[s];
	files[s] = f;
	return f;
}

lookup(dir: ref File, name: string): ref File
{
	if(name == ".")
		return dir;
	if(name == "..")
		return dir.parent;
	for(f := dir.kids; f != nil; f = f.next)
		if(f.name == name)
			return f;
	return nil;
}

# Takes f out of its directory.
unlink(f: ref File)
{
	p := f.parent;
	if(p == nil)
		return;
	if(p.kids == f)
		p.kids = f.next;
	else{
		for(k := p.kids; k != nil && k.next != f; k = k.next)
			;
		if(k != nil)
			k.next = f.next;
	}
	f.parent = nil;
	f.next = nil;
}

# Frees a file that is out of the tree and open nowhere, and its blocks.
release(f: ref File)
{
	if(f.nopen > 0 || f.parent != nil || f.kids != nil)
		return;
	s := int f.qid.path & (SLOTS-1);
	if(files[s] == f)
		files[s] = f.chain;
	else{
		for(g := files[s]; g != nil && g.chain != f; g = g.chain)
			;
		if(g != nil)
			g.chain = f.chain;
	}
	freeblocks += len f.blocks;
	f.blocks = nil;
}

# Whether user may open a file of perm owned by owner with mode.
allowed(mode, perm: int, user, owner: string): int
{
	if(mode >= (OTRUNC|ORCLOSE|OREAD|OWRITE))
		return 0;
	if(user != owner)
		perm <<= 6;
	if(mode & OTRUNC && (perm & 8r200) == 0)
		return 0;
	need := array[] of {8r400, 8r200, 8r600, 8r100};
	n := need[mode & 3];
	return (perm & n) == n;
}

writefile(f: ref File, offset: big, data: array of byte): string
{
	if(f.perm & DMAPPEND)
		offset = big f.length;
	end := offset + big len data;
	if(offset < big 0 || end > big 16r7fffffff)
		return Efull;
	o := int offset;
	# a file keeps one block beyond the last full one its end reaches
	need := int end/BLOCK + 1 - len f.blocks;
	if(need > 0){
		if(need > freeblocks)
			return Efull;
		nb := array[len f.blocks + need] of array of byte;
		nb[0:] = f.blocks;
		f.blocks = nb;
		freeblocks -= need;
	}
	for(i := 0; i < len data; ){
		b := (o+i)/BLOCK;
		at := (o+i)%BLOCK;
		n := BLOCK-at;
		if(n > len data-i)
			n = len data-i;
		if(f.blocks[b] == nil)
			f.blocks[b] = array[BLOCK] of {* => byte 0};
		f.blocks[b][at:] = data[i:i+n];
		i += n;
	}
	if(int end > f.length)
		f.length = int end;
	f.mtime = now();
	return nil;
}

readfile(f: ref File, offset: big, count: int): array of byte
{
	if(offset < big 0 || offset >= big f.length || count <= 0)
		return nil;
	o := int offset;
	if(count > f.length-o)
		count = f.length-o;
	data := array[count] of {* => byte 0};
	for(i := 0; i < count; ){
		b := (o+i)/BLOCK;
		at := (o+i)%BLOCK;
		n := BLOCK-at;
		if(n > count-i)
			n = count-i;
		if(f.blocks[b] != nil)
			data[i:] = f.blocks[b][at:at+n];
		i += n;
	}
	return data;
}

# Whole packed entries of dir that fit in n bytes, from the one at byte
# offset start of the directory's packed entries.
dirdata(dir: ref File, start, n: int): array of byte
{
	k := dir.kids;
	for(; k != nil && start > 0; k = k.next)
		start -= styx->packdirsize(dirof(k));
	if(n < 0)
		n = 0;
	data := array[n] of byte;
	r := 0;
	for(; k != nil; k = k.next){
		a := styx->packdir(dirof(k));
		if(r+len a > n)
			break;
		data[r:] = a;
		r += len a;
	}
	return data[0:r];
}

dirof(f: ref File): Sys->Dir
{
	d := sys->zerodir;
	d.name = f.name;
	d.uid = f.owner;
	d.gid = "memfs";
	d.muid = "";
	d.qid = f.qid;
	d.mode = f.perm;
	d.atime = f.atime;
	d.mtime = f.mtime;
	d.length = big f.length;
	return d;
}
