implement Styxchat;

# styxchat [-nsv] [-m messagesize] [destination]: 9P by hand (styxchat(8)).
# As a client (the default) it reads T-messages written as text, one a
# line (Tversion 8192 9P2000, Twalk 0 1 dir, ...), from standard input,
# sends them on the connection and prints "-> " and each message's text,
# while another process prints "<- " and the text of each R-message that
# comes back. With -s it is a server: it prints the T-messages that come
# and sends the R-messages it reads (Rversion 65535 8192 9P2000, ...).
# The destination is a file opened for reading and writing (one end of a
# pipe), with -n a network address (net!dest!styx by default) dialled, or
# announced and listened on with -s; with none the messages travel on
# standard input and the text on /dev/cons. Tags are supplied from 1 up
# (nexttag shows or sets the next); fields are quoted as sh quotes them,
# integers as Limbo writes them (16rffff), ~0 is all ones, nofid and notag
# the protocol's none. -v (or a dump line) adds a line showing the data
# of each Twrite and Rread, as text or hexadecimal; twice, the text of
# binary data too. Input errors are printed as ?message.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "string.m";
	str: String;

include "styx.m";
	styx: Styx;
	Tmsg, Rmsg: import styx;

Styxchat: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

msgsize := 64*1024;
nexttag := 1;
verbose := 0;
text: ref Sys->FD;	# where the messages' text is read from

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	arg := load Arg Arg->PATH;
	if(arg == nil)
		cannotload(Arg->PATH);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		cannotload(Bufio->PATH);
	str = load String String->PATH;
	if(str == nil)
		cannotload(String->PATH);
	styx = load Styx Styx->PATH;
	if(styx == nil)
		cannotload(Styx->PATH);
	styx->init();

	client := 1;
	net := 0;
	arg->init(argv);
	arg->setusage("styxchat [-nsv] [-m messagesize] [dest]");
	while((c := arg->opt()) != 0)
		case c {
		'm' =>	msgsize = toint(arg->earg());
		's' =>	client = 0;
		'n' =>	net = 1;
		'v' =>	verbose++;
		* =>	arg->usage();
		}
	argv = arg->argv();
	fd: ref Sys->FD;
	if(argv == nil){
		fd = sys->fildes(0);
		text = sys->open("/dev/cons", Sys->ORDWR);
		if(text == nil)
			error(sys->sprint("can't open /dev/cons: %r"));
		sys->dup(text.fd, 1);
	}else{
		if(tl argv != nil)
			arg->usage();
		text = sys->fildes(0);
		fd = connect(hd argv, net, client);
	}
	sys->pctl(Sys->NEWPGRP, nil);
	if(client){
		spawn replies(fd);
		requests(fd);
	}else{
		spawn requests_in(fd);
		answers(fd);
	}
}

cannotload(p: string)
{
	sys->fprint(sys->fildes(2), "styxchat: cannot load %s: %r\n", p);
	raise "fail:bad module";
}

error(s: string)
{
	sys->fprint(sys->fildes(2), "styxchat: %s\n", s);
	raise "fail:error";
}

connect(dest: string, net, client: int): ref Sys->FD
{
	if(!net){
		fd := sys->open(dest, Sys->ORDWR);
		if(fd == nil)
			error(sys->sprint("can't open %s: %r", dest));
		return fd;
	}
	dest = netaddr(dest);
	if(client){
		(ok, c) := sys->dial(dest, nil);
		if(ok < 0)
			error(sys->sprint("can't dial %s: %r", dest));
		return c.dfd;
	}
	(ok, a) := sys->announce(dest);
	if(ok < 0)
		error(sys->sprint("can't announce %s: %r", dest));
	c: Sys->Connection;
	(ok, c) = sys->listen(a);
	if(ok < 0)
		error(sys->sprint("can't listen on %s: %r", dest));
	fd := sys->open(c.dir+"/data", Sys->ORDWR);
	if(fd == nil)
		error(sys->sprint("can't open %s/data: %r", c.dir));
	return fd;
}

# A network address completed with network net and service styx.
netaddr(a: string): string
{
	(n, nil) := sys->tokenize(a, "!");
	if(n <= 1)
		return "net!"+a+"!styx";
	if(n > 2)
		return a;
	return a+"!styx";
}

# Ends every process of the conversation.
quit(failed: int)
{
	fd := sys->open("/prog/"+string sys->pctl(0, nil)+"/ctl", Sys->OWRITE);
	if(fd != nil)
		sys->fprint(fd, "killgrp");
	if(failed)
		raise "fail:error";
	exit;
}

# The client: T-messages from the text to the server.
requests(fd: ref Sys->FD)
{
	in := bufio->fopen(text, Bufio->OREAD);
	while((l := in.gets('\n')) != nil){
		if(l[0] == '#')
			continue;
		(t, err) := tparse(l);
		if(t == nil){
			if(err != nil)
				sys->print("?%s\n", err);
			continue;
		}
		if(t.tag == 0)
			t.tag = nexttag;
		a := t.pack();
		if(a == nil){
			sys->fprint(sys->fildes(2), "styxchat: T-message conversion failed\n");
			continue;
		}
		sys->print("-> %s\n%s", t.text(), tdata(t));
		if(len a > msgsize){
			sys->print("?message bigger than agreed: %d bytes\n", len a);
			continue;
		}
		if(sys->write(fd, a, len a) != len a)
			sys->print("?write error to server: %r\n");
		if(t.tag != Styx->NOTAG && t.tag != ~0)
			nexttag++;
	}
}

# The client: R-messages from the server.
replies(fd: ref Sys->FD)
{
	while((m := Rmsg.read(fd, msgsize)) != nil){
		sys->print("<- %s\n%s", m.text(), rdata(m));
		pick r := m {
		Readerror =>
			quit(1);
		}
	}
	sys->print("styxchat: server hungup\n");
}

# The server: T-messages from the clients.
requests_in(fd: ref Sys->FD)
{
	while((m := Tmsg.read(fd, msgsize)) != nil){
		sys->print("<- %s\n", m.text());
		pick t := m {
		Readerror =>
			quit(1);
		}
	}
	sys->print("styxchat: clients hungup\n");
}

# The server: R-messages from the text to the clients.
answers(fd: ref Sys->FD)
{
	in := bufio->fopen(text, Bufio->OREAD);
	while((l := in.gets('\n')) != nil){
		if(l[0] == '#')
			continue;
		(r, err) := rparse(l);
		if(r == nil){
			if(err != nil)
				sys->print("?%s\n", err);
			continue;
		}
		a := r.pack();
		if(a == nil){
			sys->fprint(sys->fildes(2), "styxchat: R-message conversion failed\n");
			continue;
		}
		sys->print("-> %s\n", r.text());
		if(len a > msgsize){
			sys->print("?message bigger than agreed: %d bytes\n", len a);
			continue;
		}
		if(sys->write(fd, a, len a) != len a)
			sys->print("?write error to clients: %r\n");
	}
}

tdata(m: ref Tmsg): string
{
	if(verbose)
		pick t := m {
		Write =>
			return show(t.data);
		}
	return nil;
}

rdata(m: ref Rmsg): string
{
	if(verbose)
		pick r := m {
		Read =>
			return show(r.data);
		}
	return nil;
}

printable(c: int): int
{
	return c >= 16r20 && c < 16r7F || c == '\n' || c == '\t' || c == '\r';
}

# A line showing data: as text if all of it is printable, else in
# hexadecimal, followed with -vv by the text too.
show(a: array of byte): string
{
	if(a == nil)
		return nil;
	for(i := 0; i < len a; i++)
		if(!printable(int a[i]))
			break;
	if(i == len a)
		return astext(a);
	s := "\tdump(";
	for(i = 0; i < len a; i++)
		s += sys->sprint("%2.2ux", int a[i]);
	s += ")\n";
	if(verbose > 1)
		s += astext(a);
	return s;
}

astext(a: array of byte): string
{
	s := "\ttext(\"";
	for(i := 0; i < len a; i++){
		c := int a[i];
		case c {
		'\t' =>	s += "\\t";
		'\n' =>	s += "\\n";
		'\r' =>	s += "\\r";
		'"' =>	s += "\\\"";
		* =>
			if(printable(c))
				s[len s] = c;
			else
				s += sys->sprint("\\u%4.4ux", c);
		}
	}
	return s + "\")\n";
}

toint(s: string): int
{
	(n, nil) := str->toint(s, 0);
	return n;
}

tobig(s: string): big
{
	(n, nil) := str->tobig(s, 0);
	return n;
}

value(s: string): int
{
	if(s == "~0")
		return ~0;
	return toint(s);
}

bigvalue(s: string): big
{
	if(s == "~0")
		return ~big 0;
	return tobig(s);
}

fid(s: string): int
{
	if(s == "nofid" || s == "NOFID")
		return Styx->NOFID;
	return value(s);
}

tag(s: string): int
{
	if(s == "~0" || s == "notag" || s == "NOTAG")
		return Styx->NOTAG;
	return toint(s);
}

fields(s: string): array of string
{
	l := str->unquoted(s);
	a := array[len l] of string;
	for(i := 0; l != nil; l = tl l)
		a[i++] = hd l;
	return a;
}

tparse(s: string): (ref Tmsg, string)
{
	f := fields(s);
	n := len f;
	if(n == 0)
		return (nil, nil);
	case f[0] {
	"Tversion" =>
		if(n != 3)
			return (nil, "usage: Tversion messagesize version");
		return (ref Tmsg.Version(Styx->NOTAG, toint(f[1]), f[2]), nil);
	"Tauth" =>
		if(n != 4)
			return (nil, "usage: Tauth afid uname aname");
		return (ref Tmsg.Auth(0, fid(f[1]), f[2], f[3]), nil);
	"Tflush" =>
		if(n != 2)
			return (nil, "usage: Tflush oldtag");
		return (ref Tmsg.Flush(0, tag(f[1])), nil);
	"Tattach" =>
		if(n != 5)
			return (nil, "usage: Tattach fid afid uname aname");
		return (ref Tmsg.Attach(0, fid(f[1]), fid(f[2]), f[3], f[4]), nil);
	"Twalk" =>
		if(n < 3)
			return (nil, "usage: Twalk fid newfid [name...]");
		names: array of string;
		if(n > 3)
			names = f[3:];
		return (ref Tmsg.Walk(0, fid(f[1]), fid(f[2]), names), nil);
	"Topen" =>
		if(n != 3)
			return (nil, "usage: Topen fid mode");
		return (ref Tmsg.Open(0, fid(f[1]), toint(f[2])), nil);
	"Tcreate" =>
		if(n != 5)
			return (nil, "usage: Tcreate fid name perm mode");
		return (ref Tmsg.Create(0, fid(f[1]), f[2], toint(f[3]), toint(f[4])), nil);
	"Tread" =>
		if(n != 4)
			return (nil, "usage: Tread fid offset count");
		return (ref Tmsg.Read(0, fid(f[1]), tobig(f[2]), toint(f[3])), nil);
	"Twrite" =>
		if(n != 4)
			return (nil, "usage: Twrite fid offset data");
		return (ref Tmsg.Write(0, fid(f[1]), tobig(f[2]), array of byte f[3]), nil);
	"Tclunk" =>
		if(n != 2)
			return (nil, "usage: Tclunk fid");
		return (ref Tmsg.Clunk(0, fid(f[1])), nil);
	"Tremove" =>
		if(n != 2)
			return (nil, "usage: Tremove fid");
		return (ref Tmsg.Remove(0, fid(f[1])), nil);
	"Tstat" =>
		if(n != 2)
			return (nil, "usage: Tstat fid");
		return (ref Tmsg.Stat(0, fid(f[1])), nil);
	"Twstat" =>
		if(n != 8)
			return (nil, "usage: Twstat fid name uid gid mode mtime length");
		d := sys->zerodir;
		d.name = f[2];
		d.uid = f[3];
		d.gid = f[4];
		d.mode = value(f[5]);
		d.mtime = value(f[6]);
		d.length = bigvalue(f[7]);
		return (ref Tmsg.Wstat(0, fid(f[1]), d), nil);
	"nexttag" =>
		if(n < 2)
			return (nil, sys->sprint("next tag is %d", nexttag));
		nexttag = tag(f[1]);
		return (nil, nil);
	"dump" =>
		verbose++;
		return (nil, nil);
	}
	return (nil, "unknown message type");
}

# A qid written path.vers.type, the type a number or letters.
qid(s: string): Sys->Qid
{
	q := Sys->Qid(big 0, 0, 0);
	(n, l) := sys->tokenize(s, ".");
	if(n >= 1)
		q.path = tobig(hd l);
	if(n >= 2)
		q.vers = toint(hd tl l);
	if(n >= 3)
		q.qtype = qtype(hd tl tl l);
	return q;
}

qtype(s: string): int
{
	if(s != nil && s[0] >= '0' && s[0] <= '9')
		return toint(s);
	t := 0;
	for(i := 0; i < len s; i++)
		case s[i] {
		'd' =>	t |= Sys->QTDIR;
		'a' =>	t |= Sys->QTAPPEND;
		'u' =>	t |= Sys->QTAUTH;
		'l' =>	t |= Sys->QTEXCL;
		'f' =>	;
		* =>
			sys->fprint(sys->fildes(2), "styxchat: unknown mode character %c, ignoring\n", s[i]);
		}
	return t;
}

rparse(s: string): (ref Rmsg, string)
{
	f := fields(s);
	n := len f;
	if(n == 0)
		return (nil, nil);
	case f[0] {
	"Rversion" =>
		if(n != 4)
			return (nil, "usage: Rversion tag messagesize version");
		return (ref Rmsg.Version(tag(f[1]), toint(f[2]), f[3]), nil);
	"Rauth" =>
		if(n != 3)
			return (nil, "usage: Rauth tag aqid");
		return (ref Rmsg.Auth(tag(f[1]), qid(f[2])), nil);
	"Rflush" =>
		if(n != 2)
			return (nil, "usage: Rflush tag");
		return (ref Rmsg.Flush(tag(f[1])), nil);
	"Rattach" =>
		if(n != 3)
			return (nil, "usage: Rattach tag qid");
		return (ref Rmsg.Attach(tag(f[1]), qid(f[2])), nil);
	"Rwalk" =>
		if(n < 2)
			return (nil, "usage: Rwalk tag [qid ...]");
		qids := array[n-2] of Sys->Qid;
		for(i := 0; i < len qids; i++)
			qids[i] = qid(f[i+2]);
		return (ref Rmsg.Walk(tag(f[1]), qids), nil);
	"Ropen" =>
		if(n != 4)
			return (nil, "usage: Ropen tag qid iounit");
		return (ref Rmsg.Open(tag(f[1]), qid(f[2]), toint(f[3])), nil);
	"Rcreate" =>
		if(n != 4)
			return (nil, "usage: Rcreate tag qid iounit");
		return (ref Rmsg.Create(tag(f[1]), qid(f[2]), toint(f[3])), nil);
	"Rread" =>
		if(n != 3)
			return (nil, "usage: Rread tag data");
		return (ref Rmsg.Read(tag(f[1]), array of byte f[2]), nil);
	"Rwrite" =>
		if(n != 3)
			return (nil, "usage: Rwrite tag count");
		return (ref Rmsg.Write(tag(f[1]), toint(f[2])), nil);
	"Rclunk" =>
		if(n != 2)
			return (nil, "usage: Rclunk tag");
		return (ref Rmsg.Clunk(tag(f[1])), nil);
	"Rremove" =>
		if(n != 2)
			return (nil, "usage: Rremove tag");
		return (ref Rmsg.Remove(tag(f[1])), nil);
	"Rstat" =>
		if(n != 11)
			return (nil, "usage: Rstat tag qid mode atime mtime length name uid gid muid");
		d := sys->zerodir;
		d.qid = qid(f[2]);
		d.mode = toint(f[3]) | (d.qid.qtype<<24);
		d.atime = toint(f[4]);
		d.mtime = toint(f[5]);
		d.length = tobig(f[6]);
		d.name = f[7];
		d.uid = f[8];
		d.gid = f[9];
		d.muid = f[10];
		return (ref Rmsg.Stat(tag(f[1]), d), nil);
	"Rwstat" =>
		# as the manual gives it (the original's source wants eight fields)
		if(n != 2)
			return (nil, "usage: Rwstat tag");
		return (ref Rmsg.Wstat(tag(f[1])), nil);
	"Rerror" =>
		if(n != 3)
			return (nil, "usage: Rerror tag ename");
		return (ref Rmsg.Error(tag(f[1]), f[2]), nil);
	"dump" =>
		verbose++;
		return (nil, nil);
	}
	return (nil, "unknown message type");
}
