implement Mntgen;

# mntgen: serves on standard input (mount {mntgen} dir) a directory, at
# first empty, in which any name looked up appears as an empty directory
# (mode 8r555, owner and group "me") for as long as some fid refers to it:
# a mount on it keeps it, and it goes when the last fid on it is clunked
# (mntgen(4)). Below those names nothing exists.
#
# The tree is a Nametree; Styxservers answers everything but walk and
# clunk, which mntgen does itself to count the fids on each name.

include "sys.m";
	sys: Sys;

include "draw.m";

include "styx.m";
	styx: Styx;
	Tmsg, Rmsg: import styx;

include "styxservers.m";
	styxservers: Styxservers;
	Styxserver, Navigator, Fid: import styxservers;
	Ebadfid, Eopen, Einuse, Enotfound: import Styxservers;
	nametree: Nametree;
	Tree: import nametree;

Mntgen: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

ROOT: con big 16rfffffff;

# A name made on demand: its Qid.path is its slot in names, with a
# generation number above, so that a slot reused has a new path.
Name: adt {
	refs:	int;
	path:	big;
};

names := array[10] of Name;
generation := 0;
tree: ref Tree;
nav: ref Navigator;

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	styx = load Styx Styx->PATH;
	if(styx == nil)
		cannotload(Styx->PATH);
	styx->init();
	styxservers = load Styxservers Styxservers->PATH;
	if(styxservers == nil)
		cannotload(Styxservers->PATH);
	styxservers->init(styx);
	nametree = load Nametree Nametree->PATH;
	if(nametree == nil)
		cannotload(Nametree->PATH);
	nametree->init();

	navops: chan of ref Styxservers->Navop;
	(tree, navops) = nametree->start();
	nav = Navigator.new(navops);
	(tc, srv) := Styxserver.new(sys->fildes(0), nav, ROOT);
	tree.create(ROOT, dir(".", ROOT));
	for(;;){
		gm := <-tc;
		if(gm == nil){
			tree.quit();
			exit;
		}
		e := answer(srv, gm);
		if(e != nil)
			srv.reply(ref Rmsg.Error(gm.tag, e));
	}
}

cannotload(p: string)
{
	sys->fprint(sys->fildes(2), "cannot load %s: %r\n", p);
	raise "fail:bad module";
}

# Answers gm, or returns the error to answer with.
answer(srv: ref Styxserver, gm: ref Tmsg): string
{
	pick m := gm {
	Walk =>
		f := srv.getfid(m.fid);
		if(f == nil)
			return Ebadfid;
		if(f.isopen)
			return Eopen;
		nf: ref Fid;
		if(m.newfid != m.fid){
			nf = srv.newfid(m.newfid);
			if(nf == nil)
				return Einuse;
		}
		# the fid moves, and the counts change, only if the whole walk succeeds
		at := f.path;
		taken: list of big;
		qids := array[len m.names] of Sys->Qid;
		for(i := 0; i < len m.names; i++){
			if(m.names[i] == "..")
				at = ROOT;
			else if(at == ROOT){
				at = enter(m.names[i]);
				taken = at :: taken;
			}else{
				for(; taken != nil; taken = tl taken)
					release(hd taken);
				if(nf != nil)
					srv.delfid(nf);
				if(i == 0)
					return Enotfound;
				srv.reply(ref Rmsg.Walk(m.tag, qids[0:i]));
				return nil;
			}
			qids[i] = qid(at);
		}
		hold(at);
		if(nf != nil)
			f = f.clone(nf);
		else
			release(f.path);
		f.walk(qid(at));
		for(; taken != nil; taken = tl taken)
			release(hd taken);
		srv.reply(ref Rmsg.Walk(m.tag, qids));
	Clunk =>
		f := srv.clunk(m);
		if(f != nil)
			release(f.path);
	* =>
		srv.default(gm);
	}
	return nil;
}

qid(path: big): Sys->Qid
{
	return (path, 0, Sys->QTDIR);
}

# The path of name in the root, made if need be, with one more reference.
enter(name: string): big
{
	(d, nil) := nav.walk(ROOT, name);
	if(d != nil){
		hold(d.qid.path);
		return d.qid.path;
	}
	for(i := 0; i < len names; i++)
		if(names[i].refs == 0)
			break;
	if(i == len names){
		more := array[2*len names] of Name;
		more[0:] = names;
		names = more;
	}
	path := big i | (big generation++ << 32);
	tree.create(ROOT, dir(name, path));
	names[i] = (1, path);
	return path;
}

slot(path: big): int
{
	if(path == ROOT)
		return -1;
	i := int path;
	if(i < 0 || i >= len names || names[i].path != path)
		return -1;
	return i;
}

hold(path: big)
{
	if((i := slot(path)) >= 0)
		names[i].refs++;
}

# One reference fewer; a name with none left goes.
release(path: big)
{
	if((i := slot(path)) >= 0 && --names[i].refs == 0)
		tree.remove(path);
}

dir(name: string, path: big): Sys->Dir
{
	d := sys->zerodir;
	d.name = name;
	d.uid = "me";
	d.gid = "me";
	d.muid = "";
	d.qid = qid(path);
	d.mode = Sys->DMDIR|8r555;
	return d;
}
