# Styx: the 9P2000 messages as Limbo values, and their wire form.
# A T-message (client to server) is a Tmsg, an R-message a Rmsg; each pick
# variant is one message type, with the protocol's fields (intro(5)), except
# that Twrite's and Rread's count is the length of their data. Readerror is
# no message: it reports a failed read or a malformed message.
# Names, types and the order of members agree with the original interface,
# so that modules compiled against either link with the other.

Styx: module
{
	PATH:	con "/dis/lib/styx.dis";
	PATHV1:	con "/dis/lib/styx1.dis";

	VERSION:	con "9P2000";
	MAXWELEM:	con 16;		# names in one walk

	NOTAG:	con 16rFFFF;
	NOFID:	con int ~0;

	# sizes of the fixed fields on the wire
	BIT8SZ:	con 1;
	BIT16SZ:	con 2;
	BIT32SZ:	con 4;
	BIT64SZ:	con 8;
	QIDSZ:	con BIT8SZ+BIT32SZ+BIT64SZ;
	STATFIXLEN:	con BIT16SZ+QIDSZ+5*BIT16SZ+4*BIT32SZ+BIT64SZ;	# a packed Dir without its strings
	IOHDRSZ:	con 24;		# the header of a Twrite or Rread
	MAXFDATA:	con 8192;	# data in one read or write
	MAXRPC:	con IOHDRSZ+MAXFDATA;	# a message size for version(5)

	# message types: T is even, its R the next odd number
	Tversion,
	Rversion,
	Tauth,
	Rauth,
	Tattach,
	Rattach,
	Terror,		# never sent
	Rerror,
	Tflush,
	Rflush,
	Twalk,
	Rwalk,
	Topen,
	Ropen,
	Tcreate,
	Rcreate,
	Tread,
	Rread,
	Twrite,
	Rwrite,
	Tclunk,
	Rclunk,
	Tremove,
	Rremove,
	Tstat,
	Rstat,
	Twstat,
	Rwstat,
	Tmax:	con 100+iota;

	ERRMAX:	con 128;

	# open modes
	OREAD:	con 0;
	OWRITE:	con 1;
	ORDWR:	con 2;
	OEXEC:	con 3;
	OTRUNC:	con 16;
	ORCLOSE:	con 64;

	# Dir.mode bits
	DMDIR:	con int 1<<31;
	DMAPPEND:	con int 1<<30;
	DMEXCL:	con int 1<<29;
	DMAUTH:	con int 1<<27;

	# Qid.qtype bits
	QTDIR:	con 16r80;
	QTAPPEND:	con 16r40;
	QTEXCL:	con 16r20;
	QTAUTH:	con 16r08;
	QTFILE:	con 16r00;

	Tmsg: adt {
		tag: int;
		pick {
		Readerror =>
			error: string;
		Version =>
			msize: int;
			version: string;
		Auth =>
			afid: int;
			uname, aname: string;
		Attach =>
			fid, afid: int;
			uname, aname: string;
		Flush =>
			oldtag: int;
		Walk =>
			fid, newfid: int;
			names: array of string;
		Open =>
			fid, mode: int;
		Create =>
			fid: int;
			name: string;
			perm, mode: int;
		Read =>
			fid: int;
			offset: big;
			count: int;
		Write =>
			fid: int;
			offset: big;
			data: array of byte;
		Clunk or
		Stat or
		Remove =>
			fid: int;
		Wstat =>
			fid: int;
			stat: Sys->Dir;
		}

		read:	fn(fd: ref Sys->FD, msize: int): ref Tmsg;	# nil at end of file
		unpack:	fn(a: array of byte): (int, ref Tmsg);	# (0, nil): more needed; (-1, nil): malformed
		pack:	fn(nil: self ref Tmsg): array of byte;
		packedsize:	fn(nil: self ref Tmsg): int;
		text:	fn(nil: self ref Tmsg): string;
		mtype:	fn(nil: self ref Tmsg): int;
	};

	Rmsg: adt {
		tag: int;
		pick {
		Readerror =>
			error: string;
		Version =>
			msize: int;
			version: string;
		Auth =>
			aqid: Sys->Qid;
		Attach =>
			qid: Sys->Qid;
		Flush =>
		Error =>
			ename: string;
		Clunk or
		Remove or
		Wstat =>
		Walk =>
			qids: array of Sys->Qid;
		Create or
		Open =>
			qid: Sys->Qid;
			iounit: int;
		Read =>
			data: array of byte;
		Write =>
			count: int;
		Stat =>
			stat: Sys->Dir;
		}

		read:	fn(fd: ref Sys->FD, msize: int): ref Rmsg;
		unpack:	fn(a: array of byte): (int, ref Rmsg);
		pack:	fn(nil: self ref Rmsg): array of byte;
		packedsize:	fn(nil: self ref Rmsg): int;
		text:	fn(nil: self ref Rmsg): string;
		mtype:	fn(nil: self ref Rmsg): int;
	};

	init:	fn();

	readmsg:	fn(fd: ref Sys->FD, msize: int): (array of byte, string);
	istmsg:	fn(f: array of byte): int;

	compatible:	fn(t: ref Tmsg.Version, msize: int, version: string): (int, string);

	packdirsize:	fn(d: Sys->Dir): int;
	packdir:	fn(d: Sys->Dir): array of byte;
	unpackdir:	fn(f: array of byte): (int, Sys->Dir);
	dir2text:	fn(d: Sys->Dir): string;
	qid2text:	fn(q: Sys->Qid): string;

	utflen:	fn(s: string): int;		# bytes of s in UTF-8

	write:	fn(fd: ref Sys->FD, a: array of byte, n: int): int;	# sys->write, for older callers
};
