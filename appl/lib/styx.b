implement Styx;

# 9P2000 messages to and from their wire form (intro(5)): every integer is
# little-endian, a string is a 2-byte length and its UTF-8 bytes, a qid is
# type[1] vers[4] path[8], a message is size[4] type[1] tag[2] and its
# fields. unpack returns how many bytes the message's fields took, (0, nil)
# when more bytes are needed and (-1, nil) when they do not form a message.
# The text forms are those of the original library (styxmon and styxchat
# print them), as are its diagnostics on standard output for a bad type or
# a stat whose two lengths disagree.

include "sys.m";
	sys: Sys;

include "styx.m";

HDR: con BIT32SZ+BIT8SZ+BIT16SZ;	# size[4] type[1] tag[2]

init()
{
	sys = load Sys Sys->PATH;
}

loadsys()
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
}

# The bytes of a message of type t before its variable part, or 0 if t is
# no message type.
fixedlen(t: int): int
{
	case t {
	Tversion or Rversion =>
		return HDR+BIT32SZ+BIT16SZ;
	Tauth =>
		return HDR+BIT32SZ+2*BIT16SZ;
	Rauth or Rattach =>
		return HDR+QIDSZ;
	Tattach =>
		return HDR+2*BIT32SZ+2*BIT16SZ;
	Rerror =>
		return HDR+BIT16SZ;
	Tflush =>
		return HDR+BIT16SZ;
	Rflush or Rclunk or Rremove or Rwstat =>
		return HDR;
	Twalk =>
		return HDR+2*BIT32SZ+BIT16SZ;
	Rwalk or Rstat =>
		return HDR+BIT16SZ;
	Topen =>
		return HDR+BIT32SZ+BIT8SZ;
	Ropen or Rcreate =>
		return HDR+QIDSZ+BIT32SZ;
	Tcreate =>
		return HDR+BIT32SZ+BIT16SZ+BIT32SZ+BIT8SZ;
	Tread or Twrite =>
		return HDR+BIT32SZ+BIT64SZ+BIT32SZ;
	Rread or Rwrite =>
		return HDR+BIT32SZ;
	Tclunk or Tremove or Tstat =>
		return HDR+BIT32SZ;
	Twstat =>
		return HDR+BIT32SZ+BIT16SZ;
	}
	return 0;
}

utflen(s: string): int
{
	n := 0;
	for(i := 0; i < len s; i++){
		c := s[i];
		if(c < 16r80)
			n += 1;
		else if(c < 16r800)
			n += 2;
		else if(c < 16r10000)
			n += 3;
		else
			n += 4;
	}
	return n;
}

# Little-endian stores; each returns the offset after what it wrote.

put16(a: array of byte, o: int, v: int): int
{
	a[o] = byte v;
	a[o+1] = byte (v>>8);
	return o+2;
}

put32(a: array of byte, o: int, v: int): int
{
	for(i := 0; i < 4; i++)
		a[o+i] = byte (v >> (8*i));
	return o+4;
}

put64(a: array of byte, o: int, v: big): int
{
	put32(a, o, int v);
	return put32(a, o+4, int (v >> 32));
}

putstr(a: array of byte, o: int, s: string): int
{
	b := array of byte s;
	o = put16(a, o, len b);
	a[o:] = b;
	return o+len b;
}

putqid(a: array of byte, o: int, q: Sys->Qid): int
{
	a[o] = byte q.qtype;
	o = put32(a, o+1, q.vers);
	return put64(a, o, q.path);
}

# Little-endian loads; the caller has checked the bounds.

get16(a: array of byte, o: int): int
{
	return int a[o] | (int a[o+1] << 8);
}

get32(a: array of byte, o: int): int
{
	return int a[o] | (int a[o+1] << 8) | (int a[o+2] << 16) | (int a[o+3] << 24);
}

get64(a: array of byte, o: int): big
{
	return (big get32(a, o) & 16rFFFFFFFF) | (big get32(a, o+4) << 32);
}

getqid(a: array of byte, o: int): Sys->Qid
{
	return (get64(a, o+5), get32(a, o+1), int a[o]);
}

# The string at o and the offset after it, or offset -1 if it overruns a.
getstr(a: array of byte, o: int): (string, int)
{
	if(o < 0 || o+BIT16SZ > len a)
		return (nil, -1);
	e := o+BIT16SZ+get16(a, o);
	if(e > len a)
		return (nil, -1);
	return (string a[o+BIT16SZ:e], e);
}

packdirsize(d: Sys->Dir): int
{
	return STATFIXLEN+utflen(d.name)+utflen(d.uid)+utflen(d.gid)+utflen(d.muid);
}

packdir(d: Sys->Dir): array of byte
{
	a := array[packdirsize(d)] of byte;
	o := put16(a, 0, len a-BIT16SZ);
	o = put16(a, o, d.dtype);
	o = put32(a, o, d.dev);
	o = putqid(a, o, d.qid);
	o = put32(a, o, d.mode);
	o = put32(a, o, d.atime);
	o = put32(a, o, d.mtime);
	o = put64(a, o, d.length);
	o = putstr(a, o, d.name);
	o = putstr(a, o, d.uid);
	o = putstr(a, o, d.gid);
	putstr(a, o, d.muid);
	return a;
}

unpackdir(a: array of byte): (int, Sys->Dir)
{
	d: Sys->Dir;
	if(len a < STATFIXLEN)
		return (0, d);
	size := BIT16SZ+get16(a, 0);
	if(len a < size)
		return (0, d);
	d.dtype = get16(a, 2);
	d.dev = get32(a, 4);
	d.qid = getqid(a, 8);
	d.mode = get32(a, 8+QIDSZ);
	d.atime = get32(a, 12+QIDSZ);
	d.mtime = get32(a, 16+QIDSZ);
	d.length = get64(a, 20+QIDSZ);
	o := STATFIXLEN-4*BIT16SZ;
	(d.name, o) = getstr(a, o);
	(d.uid, o) = getstr(a, o);
	(d.gid, o) = getstr(a, o);
	(d.muid, o) = getstr(a, o);
	if(o != size)
		return (0, d);
	return (o, d);
}

# A message of type t and tag in an array of size n, header filled in.
newmsg(n, t, tag: int): array of byte
{
	a := array[n] of byte;
	put32(a, 0, n);
	a[BIT32SZ] = byte t;
	put16(a, BIT32SZ+BIT8SZ, tag);
	return a;
}

# The size, type and tag of the message at the start of f, f cut to that
# size; size 0 when f holds less than the whole message.
header(f: array of byte): (int, int, int, array of byte)
{
	if(len f < HDR)
		return (0, 0, 0, f);
	size := get32(f, 0);
	if(size < HDR)
		return (-1, 0, 0, f);
	if(len f < size)
		return (0, 0, 0, f);
	f = f[0:size];
	return (size, int f[BIT32SZ], get16(f, BIT32SZ+BIT8SZ), f);
}

Tmsg.mtype(t: self ref Tmsg): int
{
	pick m := t {
	Version =>	return Tversion;
	Auth =>	return Tauth;
	Attach =>	return Tattach;
	Flush =>	return Tflush;
	Walk =>	return Twalk;
	Open =>	return Topen;
	Create =>	return Tcreate;
	Read =>	return Tread;
	Write =>	return Twrite;
	Clunk =>	return Tclunk;
	Stat =>	return Tstat;
	Remove =>	return Tremove;
	Wstat =>	return Twstat;
	}
	return 0;
}

Tmsg.packedsize(t: self ref Tmsg): int
{
	n := fixedlen(t.mtype());
	if(n == 0)
		return 0;
	pick m := t {
	Version =>
		n += utflen(m.version);
	Auth =>
		n += utflen(m.uname)+utflen(m.aname);
	Attach =>
		n += utflen(m.uname)+utflen(m.aname);
	Walk =>
		for(i := 0; i < len m.names; i++)
			n += BIT16SZ+utflen(m.names[i]);
	Create =>
		n += utflen(m.name);
	Write =>
		n += len m.data;
	Wstat =>
		n += packdirsize(m.stat);
	}
	return n;
}

Tmsg.pack(t: self ref Tmsg): array of byte
{
	if(t == nil)
		return nil;
	n := t.packedsize();
	if(n <= 0)
		return nil;
	a := newmsg(n, t.mtype(), t.tag);
	o := HDR;
	pick m := t {
	Version =>
		o = put32(a, o, m.msize);
		putstr(a, o, m.version);
	Auth =>
		o = put32(a, o, m.afid);
		o = putstr(a, o, m.uname);
		putstr(a, o, m.aname);
	Flush =>
		put16(a, o, m.oldtag);
	Attach =>
		o = put32(a, o, m.fid);
		o = put32(a, o, m.afid);
		o = putstr(a, o, m.uname);
		putstr(a, o, m.aname);
	Walk =>
		o = put32(a, o, m.fid);
		o = put32(a, o, m.newfid);
		o = put16(a, o, len m.names);
		for(i := 0; i < len m.names; i++)
			o = putstr(a, o, m.names[i]);
	Open =>
		o = put32(a, o, m.fid);
		a[o] = byte m.mode;
	Create =>
		o = put32(a, o, m.fid);
		o = putstr(a, o, m.name);
		o = put32(a, o, m.perm);
		a[o] = byte m.mode;
	Read =>
		o = put32(a, o, m.fid);
		o = put64(a, o, m.offset);
		put32(a, o, m.count);
	Write =>
		o = put32(a, o, m.fid);
		o = put64(a, o, m.offset);
		o = put32(a, o, len m.data);
		a[o:] = m.data;
	Clunk or Stat or Remove =>
		put32(a, o, m.fid);
	Wstat =>
		o = put32(a, o, m.fid);
		d := packdir(m.stat);
		o = put16(a, o, len d);
		a[o:] = d;
	}
	return a;
}

Tmsg.unpack(f: array of byte): (int, ref Tmsg)
{
	size, mtype, tag: int;
	(size, mtype, tag, f) = header(f);
	if(size <= 0)
		return (size, nil);
	if(mtype >= Tmax || mtype&1)
		return (-1, nil);
	min := fixedlen(mtype);
	if(min == 0){
		loadsys();
		sys->print("styx: Tmsg.unpack: bad type %d\n", mtype);
		return (-1, nil);
	}
	if(size < min)
		return (-1, nil);
	o := HDR;
	case mtype {
	Tversion =>
		msize := get32(f, o);
		(v, e) := getstr(f, o+BIT32SZ);
		if(e > 0)
			return (e, ref Tmsg.Version(tag, msize, v));
	Tauth =>
		afid := get32(f, o);
		(u, e) := getstr(f, o+BIT32SZ);
		an: string;
		(an, e) = getstr(f, e);
		if(e > 0)
			return (e, ref Tmsg.Auth(tag, afid, u, an));
	Tflush =>
		return (o+BIT16SZ, ref Tmsg.Flush(tag, get16(f, o)));
	Tattach =>
		fid := get32(f, o);
		afid := get32(f, o+BIT32SZ);
		(u, e) := getstr(f, o+2*BIT32SZ);
		an: string;
		(an, e) = getstr(f, e);
		if(e > 0)
			return (e, ref Tmsg.Attach(tag, fid, afid, u, an));
	Twalk =>
		fid := get32(f, o);
		newfid := get32(f, o+BIT32SZ);
		n := get16(f, o+2*BIT32SZ);
		if(n > MAXWELEM)
			return (-1, nil);
		e := o+2*BIT32SZ+BIT16SZ;
		names: array of string;
		if(n > 0)
			names = array[n] of string;
		for(i := 0; i < n && e > 0; i++)
			(names[i], e) = getstr(f, e);
		if(e > 0)
			return (e, ref Tmsg.Walk(tag, fid, newfid, names));
	Topen =>
		return (o+BIT32SZ+BIT8SZ, ref Tmsg.Open(tag, get32(f, o), int f[o+BIT32SZ]));
	Tcreate =>
		fid := get32(f, o);
		(name, e) := getstr(f, o+BIT32SZ);
		if(e > 0 && e+BIT32SZ+BIT8SZ <= len f)
			return (e+BIT32SZ+BIT8SZ, ref Tmsg.Create(tag, fid, name, get32(f, e), int f[e+BIT32SZ]));
	Tread =>
		return (o+BIT32SZ+BIT64SZ+BIT32SZ, ref Tmsg.Read(tag, get32(f, o), get64(f, o+BIT32SZ), get32(f, o+BIT32SZ+BIT64SZ)));
	Twrite =>
		s := o+BIT32SZ+BIT64SZ+BIT32SZ;
		count := get32(f, s-BIT32SZ);
		if(count >= 0 && count <= len f-s)
			return (s+count, ref Tmsg.Write(tag, get32(f, o), get64(f, o+BIT32SZ), f[s:s+count]));
	Tclunk =>
		return (o+BIT32SZ, ref Tmsg.Clunk(tag, get32(f, o)));
	Tremove =>
		return (o+BIT32SZ, ref Tmsg.Remove(tag, get32(f, o)));
	Tstat =>
		return (o+BIT32SZ, ref Tmsg.Stat(tag, get32(f, o)));
	Twstat =>
		s := o+BIT32SZ+BIT16SZ;
		n := get16(f, s-BIT16SZ);
		if(len f >= s+n){
			(ds, d) := unpackdir(f[s:]);
			if(ds == n)
				return (s+n, ref Tmsg.Wstat(tag, get32(f, o), d));
			loadsys();
			sys->print("Styx->Tmsg.unpack: wstat count: %d/%d\n", ds, n);
		}
	}
	return (-1, nil);
}

Tmsg.text(t: self ref Tmsg): string
{
	if(t == nil)
		return "nil";
	loadsys();
	s := sys->sprint("Tmsg.%s(%ud,", tname(t), t.tag);
	pick m := t {
	Readerror =>
		s += sys->sprint("\"%s\"", m.error);
	Version =>
		s += sys->sprint("%d,\"%s\"", m.msize, m.version);
	Auth =>
		s += sys->sprint("%ud,\"%s\",\"%s\"", m.afid, m.uname, m.aname);
	Flush =>
		s += sys->sprint("%ud", m.oldtag);
	Attach =>
		s += sys->sprint("%ud,%ud,\"%s\",\"%s\"", m.fid, m.afid, m.uname, m.aname);
	Walk =>
		s += sys->sprint("%ud,%ud,", m.fid, m.newfid);
		if(len m.names == 0)
			s += "nil";
		else{
			s += "array[] of {";
			for(i := 0; i < len m.names; i++){
				if(i > 0)
					s += ",";
				s += "\"" + m.names[i] + "\"";
			}
			s += "}";
		}
	Open =>
		s += sys->sprint("%ud,%d", m.fid, m.mode);
	Create =>
		s += sys->sprint("%ud,\"%s\",8r%uo,%d", m.fid, m.name, m.perm, m.mode);
	Read =>
		s += sys->sprint("%ud,%bd,%ud", m.fid, m.offset, m.count);
	Write =>
		s += sys->sprint("%ud,%bd,array[%d] of byte", m.fid, m.offset, len m.data);
	Clunk or Remove or Stat =>
		s += sys->sprint("%ud", m.fid);
	Wstat =>
		s += sys->sprint("%ud,%s", m.fid, dir2text(m.stat));
	}
	return s + ")";
}

tname(t: ref Tmsg): string
{
	pick m := t {
	Readerror =>	return "Readerror";
	Version =>	return "Version";
	Auth =>	return "Auth";
	Attach =>	return "Attach";
	Flush =>	return "Flush";
	Walk =>	return "Walk";
	Open =>	return "Open";
	Create =>	return "Create";
	Read =>	return "Read";
	Write =>	return "Write";
	Clunk =>	return "Clunk";
	Stat =>	return "Stat";
	Remove =>	return "Remove";
	Wstat =>	return "Wstat";
	}
	return nil;
}

Tmsg.read(fd: ref Sys->FD, msize: int): ref Tmsg
{
	(a, err) := readmsg(fd, msize);
	if(err != nil)
		return ref Tmsg.Readerror(0, err);
	if(a == nil)
		return nil;
	(nil, m) := Tmsg.unpack(a);
	if(m == nil)
		return ref Tmsg.Readerror(0, "bad 9P T-message format");
	return m;
}

Rmsg.mtype(r: self ref Rmsg): int
{
	pick m := r {
	Version =>	return Rversion;
	Auth =>	return Rauth;
	Attach =>	return Rattach;
	Flush =>	return Rflush;
	Error =>	return Rerror;
	Clunk =>	return Rclunk;
	Remove =>	return Rremove;
	Wstat =>	return Rwstat;
	Walk =>	return Rwalk;
	Create =>	return Rcreate;
	Open =>	return Ropen;
	Read =>	return Rread;
	Write =>	return Rwrite;
	Stat =>	return Rstat;
	}
	return 0;
}

Rmsg.packedsize(r: self ref Rmsg): int
{
	n := fixedlen(r.mtype());
	if(n == 0)
		return 0;
	pick m := r {
	Version =>
		n += utflen(m.version);
	Error =>
		n += utflen(m.ename);
	Walk =>
		n += QIDSZ*len m.qids;
	Read =>
		n += len m.data;
	Stat =>
		n += packdirsize(m.stat);
	}
	return n;
}

Rmsg.pack(r: self ref Rmsg): array of byte
{
	if(r == nil)
		return nil;
	n := r.packedsize();
	if(n <= 0)
		return nil;
	a := newmsg(n, r.mtype(), r.tag);
	o := HDR;
	pick m := r {
	Version =>
		o = put32(a, o, m.msize);
		putstr(a, o, m.version);
	Auth =>
		putqid(a, o, m.aqid);
	Error =>
		putstr(a, o, m.ename);
	Attach =>
		putqid(a, o, m.qid);
	Walk =>
		o = put16(a, o, len m.qids);
		for(i := 0; i < len m.qids; i++)
			o = putqid(a, o, m.qids[i]);
	Create or Open =>
		o = putqid(a, o, m.qid);
		put32(a, o, m.iounit);
	Read =>
		o = put32(a, o, len m.data);
		a[o:] = m.data;
	Write =>
		put32(a, o, m.count);
	Stat =>
		d := packdir(m.stat);
		o = put16(a, o, len d);
		a[o:] = d;
	}
	return a;
}

Rmsg.unpack(f: array of byte): (int, ref Rmsg)
{
	size, mtype, tag: int;
	(size, mtype, tag, f) = header(f);
	if(size <= 0)
		return (size, nil);
	if(mtype >= Tmax || (mtype&1) == 0)
		return (-1, nil);
	min := fixedlen(mtype);
	if(min == 0){
		loadsys();
		sys->print("Styx->Rmsg.unpack: bad type %d\n", mtype);
		return (-1, nil);
	}
	if(size < min)
		return (-1, nil);
	o := HDR;
	case mtype {
	Rversion =>
		msize := get32(f, o);
		(v, e) := getstr(f, o+BIT32SZ);
		if(e > 0)
			return (e, ref Rmsg.Version(tag, msize, v));
	Rauth =>
		return (o+QIDSZ, ref Rmsg.Auth(tag, getqid(f, o)));
	Rflush =>
		return (o, ref Rmsg.Flush(tag));
	Rerror =>
		(ename, e) := getstr(f, o);
		if(e > 0)
			return (e, ref Rmsg.Error(tag, ename));
	Rclunk =>
		return (o, ref Rmsg.Clunk(tag));
	Rremove =>
		return (o, ref Rmsg.Remove(tag));
	Rwstat =>
		return (o, ref Rmsg.Wstat(tag));
	Rattach =>
		return (o+QIDSZ, ref Rmsg.Attach(tag, getqid(f, o)));
	Rwalk =>
		n := get16(f, o);
		o += BIT16SZ;
		if(len f >= o+n*QIDSZ){
			qids := array[n] of Sys->Qid;
			for(i := 0; i < n; i++)
				qids[i] = getqid(f, o+i*QIDSZ);
			return (o+n*QIDSZ, ref Rmsg.Walk(tag, qids));
		}
	Ropen =>
		return (o+QIDSZ+BIT32SZ, ref Rmsg.Open(tag, getqid(f, o), get32(f, o+QIDSZ)));
	Rcreate =>
		return (o+QIDSZ+BIT32SZ, ref Rmsg.Create(tag, getqid(f, o), get32(f, o+QIDSZ)));
	Rread =>
		count := get32(f, o);
		o += BIT32SZ;
		if(count >= 0 && len f >= o+count)
			return (o+count, ref Rmsg.Read(tag, f[o:o+count]));
	Rwrite =>
		return (o+BIT32SZ, ref Rmsg.Write(tag, get32(f, o)));
	Rstat =>
		n := get16(f, o);
		o += BIT16SZ;
		if(len f >= o+n){
			(ds, d) := unpackdir(f[o:]);
			if(ds > 0){
				if(ds == n)
					return (o+n, ref Rmsg.Stat(tag, d));
				loadsys();
				sys->print("Styx->Rmsg.unpack: stat count: %d/%d\n", ds, n);
			}
		}
	}
	return (-1, nil);
}

Rmsg.text(r: self ref Rmsg): string
{
	if(r == nil)
		return "nil";
	loadsys();
	s := sys->sprint("Rmsg.%s(%ud", rname(r), r.tag);
	pick m := r {
	Readerror =>
		s += sys->sprint(",\"%s\"", m.error);
	Version =>
		s += sys->sprint(",%d,\"%s\"", m.msize, m.version);
	Auth =>
		s += "," + qid2text(m.aqid);
	Error =>
		s += sys->sprint(",\"%s\"", m.ename);
	Attach =>
		s += "," + qid2text(m.qid);
	Walk =>
		s += ",array[] of {";
		for(i := 0; i < len m.qids; i++){
			if(i > 0)
				s += ",";
			s += qid2text(m.qids[i]);
		}
		s += "}";
	Create or Open =>
		s += sys->sprint(",%s,%d", qid2text(m.qid), m.iounit);
	Read =>
		s += sys->sprint(",array[%d] of byte", len m.data);
	Write =>
		s += sys->sprint(",%d", m.count);
	Stat =>
		s += "," + dir2text(m.stat);
	}
	return s + ")";
}

# The names of the R variants; as in the original, Readerror has none.
rname(r: ref Rmsg): string
{
	pick m := r {
	Version =>	return "Version";
	Auth =>	return "Auth";
	Attach =>	return "Attach";
	Flush =>	return "Flush";
	Error =>	return "Error";
	Clunk =>	return "Clunk";
	Remove =>	return "Remove";
	Wstat =>	return "Wstat";
	Walk =>	return "Walk";
	Create =>	return "Create";
	Open =>	return "Open";
	Read =>	return "Read";
	Write =>	return "Write";
	Stat =>	return "Stat";
	}
	return nil;
}

Rmsg.read(fd: ref Sys->FD, msize: int): ref Rmsg
{
	(a, err) := readmsg(fd, msize);
	if(err != nil)
		return ref Rmsg.Readerror(0, err);
	if(a == nil)
		return nil;
	(nil, m) := Rmsg.unpack(a);
	if(m == nil)
		return ref Rmsg.Readerror(0, "bad 9P R-message format");
	return m;
}

dir2text(d: Sys->Dir): string
{
	loadsys();
	return sys->sprint("Dir(\"%s\",\"%s\",\"%s\",%s,8r%uo,%d,%d,%bd,16r%ux,%d)",
		d.name, d.uid, d.gid, qid2text(d.qid), d.mode, d.atime, d.mtime, d.length, d.dtype, d.dev);
}

qid2text(q: Sys->Qid): string
{
	loadsys();
	return sys->sprint("Qid(16r%ubx,%d,16r%.2ux)", q.path, q.vers, q.qtype);
}

readmsg(fd: ref Sys->FD, msize: int): (array of byte, string)
{
	loadsys();
	if(msize <= 0)
		msize = MAXRPC;
	sz := array[BIT32SZ] of byte;
	n := sys->readn(fd, sz, len sz);
	if(n != len sz){
		if(n == 0)
			return (nil, nil);
		return (nil, sys->sprint("%r"));
	}
	size := get32(sz, 0);
	if(size <= BIT32SZ)
		return (nil, "invalid 9P message size");
	if(size > msize)
		return (nil, "9P message longer than agreed");
	a := array[size] of byte;
	a[0:] = sz;
	n = sys->readn(fd, a[BIT32SZ:], size-BIT32SZ);
	if(n != size-BIT32SZ){
		if(n == 0)
			return (nil, "9P message truncated");
		return (nil, sys->sprint("%r"));
	}
	return (a, nil);
}

istmsg(f: array of byte): int
{
	if(len f < HDR)
		return -1;
	return (int f[BIT32SZ] & 1) == 0;
}

# version(5): the smaller message size, and the client's version cut at
# its first dot if it is a 9P version no older than ours, else "unknown".
compatible(t: ref Tmsg.Version, msize: int, version: string): (int, string)
{
	if(version == nil)
		version = VERSION;
	if(t.msize < msize)
		msize = t.msize;
	v := t.version;
	if(len v < 2 || v[0:2] != "9P")
		return (msize, "unknown");
	for(i := 2; i < len v && v[i] != '.'; i++)
		if(v[i] < '0' || v[i] > '9')
			return (msize, "unknown");
	v = v[0:i];
	if(v < VERSION)
		return (msize, "unknown");
	if(v < version)
		version = v;
	return (msize, version);
}

write(fd: ref Sys->FD, a: array of byte, n: int): int
{
	loadsys();
	return sys->write(fd, a, n);
}
