# Styxservers: help for writing a 9P file server. A Styxserver reads the
# client's T-messages from a connection (handing them to the program on a
# channel), keeps the client's fids and answers the messages a program does
# not want to handle itself; what files exist it learns from a Navigator,
# a process the program runs that answers Navop requests. Nametree, below,
# is such a process over a tree of Dirs held in memory.
# Needs sys.m and styx.m first. Names, types and the order of members agree
# with the original interface, so that modules compiled against either link
# with the other.

Styxservers: module
{
	PATH:	con "/dis/lib/styxservers.dis";

	# a client's fid
	Fid: adt {
		fid:	int;		# the client's number for it
		path:	big;		# Qid.path of its file
		qtype:	int;		# Qid.qtype of its file
		isopen:	int;
		mode:	int;		# the open mode, when open
		doffset:	(int, int);	# directory read position: (byte offset, entry index)
		uname:	string;		# user named in the attach
		param:	string;		# aname of the attach
		data:	array of byte;	# for the program's own use

		clone:	fn(f: self ref Fid, nf: ref Fid): ref Fid;
		open:	fn(f: self ref Fid, mode: int, qid: Sys->Qid);
		walk:	fn(f: self ref Fid, qid: Sys->Qid);
	};

	# the client side of a navigator process
	Navigator: adt {
		c:	chan of ref Navop;
		reply:	chan of (ref Sys->Dir, string);

		new:	fn(c: chan of ref Navop): ref Navigator;
		stat:	fn(t: self ref Navigator, q: big): (ref Sys->Dir, string);
		walk:	fn(t: self ref Navigator, parentq: big, name: string): (ref Sys->Dir, string);
		readdir:	fn(t: self ref Navigator, q: big, offset, count: int): array of ref Sys->Dir;
	};

	# a request to a navigator; it answers on reply (a Readdir with one
	# reply per entry, then (nil, nil))
	Navop: adt {
		reply:	chan of (ref Sys->Dir, string);
		path:	big;
		pick {
		Stat =>
		Walk =>
			name: string;
		Readdir =>
			offset:	int;	# first entry wanted, from 0
			count:	int;	# entries wanted
		}
	};

	Styxserver: adt {
		fd:	ref Sys->FD;		# the server's end of the connection
		fids:	array of list of ref Fid;	# by fid number, hashed
		fidlock:	chan of int;
		t:	ref Navigator;
		rootpath:	big;		# Qid.path of the root
		msize:	int;		# agreed by version(5); 0 before
		replychan:	chan of ref Styx->Rmsg;	# when not nil, reply sends here

		new:	fn(fd: ref Sys->FD, t: ref Navigator, rootpath: big): (chan of ref Styx->Tmsg, ref Styxserver);
		reply:	fn(srv: self ref Styxserver, m: ref Styx->Rmsg): int;
		replydirect:	fn(srv: self ref Styxserver, m: ref Styx->Rmsg): int;
		error:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg, msg: string);

		# answer a message, returning the fid it concerned (nil on error)
		attach:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Attach): ref Fid;
		clunk:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Clunk): ref Fid;
		walk:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Walk): ref Fid;
		open:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Open): ref Fid;
		read:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Read): ref Fid;
		remove:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Remove): ref Fid;
		stat:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Stat);

		default:	fn(srv: self ref Styxserver, gm: ref Styx->Tmsg);

		# check a request without answering it: nil and an error, or the fid
		cancreate:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Create): (ref Fid, int, ref Sys->Dir, string);
		canopen:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Open): (ref Fid, int, ref Sys->Dir, string);
		canremove:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Remove): (ref Fid, big, string);
		canread:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Read): (ref Fid, string);
		canwrite:	fn(srv: self ref Styxserver, m: ref Styx->Tmsg.Write): (ref Fid, string);

		getfid:	fn(srv: self ref Styxserver, fid: int): ref Fid;
		newfid:	fn(srv: self ref Styxserver, fid: int): ref Fid;
		delfid:	fn(srv: self ref Styxserver, c: ref Fid);
		allfids:	fn(srv: self ref Styxserver): list of ref Fid;

		iounit:	fn(srv: self ref Styxserver): int;
	};

	init:	fn(styx: Styx);
	traceset:	fn(on: int);	# messages to standard error

	readbytes:	fn(m: ref Styx->Tmsg.Read, d: array of byte): ref Styx->Rmsg.Read;
	readstr:	fn(m: ref Styx->Tmsg.Read, s: string): ref Styx->Rmsg.Read;

	openok:	fn(uname: string, omode, perm: int, fuid, fgid: string): int;
	openmode:	fn(o: int): int;

	# the errors the server gives
	Einuse:	con "fid already in use";
	Ebadfid:	con "bad fid";
	Eopen:	con "fid already opened";
	Enotfound:	con "file does not exist";
	Enotdir:	con "not a directory";
	Eperm:	con "permission denied";
	Ebadarg:	con "bad argument";
	Eexists:	con "file already exists";
	Emode:	con "open/create -- unknown mode";
	Eoffset:	con "read/write -- bad offset";
	Ecount:	con "read/write -- count negative or exceeds msgsize";
	Enotopen:	con "read/write -- on non open fid";
	Eaccess:	con "read/write -- not open in suitable mode";
	Ename:	con "bad character in file name";
	Edot:	con ". and .. are illegal names";
};

# Nametree: a navigator process over a tree of Dirs in memory, each file
# named by its Qid.path; a Tree changes it.
Nametree: module
{
	PATH:	con "/dis/lib/nametree.dis";

	Tree: adt {
		c:	chan of ref Treeop;
		reply:	chan of string;

		quit:	fn(t: self ref Tree);
		create:	fn(t: self ref Tree, parent: big, d: Sys->Dir): string;	# parent == d.qid.path: a root
		wstat:	fn(t: self ref Tree, path: big, d: Sys->Dir): string;
		remove:	fn(t: self ref Tree, path: big): string;	# with everything below it
		getpath:	fn(t: self ref Tree, path: big): string;
	};

	Treeop: adt {
		reply:	chan of string;
		q:	big;
		pick {
		Create or
		Wstat =>
			d: Sys->Dir;
		Remove =>
		Getpath =>
		}
	};

	init:	fn();
	start:	fn(): (ref Tree, chan of ref Styxservers->Navop);
};
