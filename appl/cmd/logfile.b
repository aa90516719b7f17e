implement Logfile;

# logfile [-size] file: serve file (by file2chan, in the folder of file, with
# the server device #s bound before that folder) as a log that keeps the last
# size bytes written to it (4 * Sys->ATOMICIO by default). Each write is
# appended, cut to size bytes if it is longer (then failing with "write too
# long for buffer"); a reader that opens the file reads, in order, what is
# kept and then each later write, waiting for more when it has read
# everything (it never sees the end of the file); one that falls too far
# behind goes on from the oldest byte kept. The command returns once the
# file is there. A bad command line or a size that is not positive fails
# with fail: usage (so the original); when #s cannot be bound or the file
# made, it says so on standard error and returns.

include "sys.m";
	sys: Sys;

include "draw.m";

Logfile: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# One open of the file: the stream position it reads next, and the reads it
# waits to have answered, oldest first.
Reader: adt {
	fid:	int;
	next:	int;
	waiting:	list of (int, Sys->Rread);
};

# The bytes kept: byte p of the stream is at data[p % len data] while
# total - len data <= p < total.
Log: adt {
	data:	array of byte;
	total:	int;

	append:	fn(l: self ref Log, b: array of byte): int;
	from:	fn(l: self ref Log, p, n: int): (int, array of byte);
	oldest:	fn(l: self ref Log): int;
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	size := 4 * Sys->ATOMICIO;
	if(argv != nil)
		argv = tl argv;
	if(argv != nil && len hd argv > 1 && (hd argv)[0] == '-'){
		size = int (hd argv)[1:];
		if(size <= 0){
			sys->fprint(stderr, "logfile: can't have a zero buffer size\n");
			usage();
		}
		argv = tl argv;
	}
	if(argv == nil || tl argv != nil)
		usage();
	path := hd argv;
	(dir, name) := split(path);
	if(sys->bind("#s", dir, Sys->MBEFORE) < 0){
		sys->fprint(stderr, "logfile: bind #s failed: %r\n");
		return;
	}
	io := sys->file2chan(dir, name);
	if(io == nil){
		sys->fprint(stderr, "logfile: couldn't make %s: %r\n", path);
		return;
	}
	spawn serve(io, ref Log(array[size] of byte, 0));
}

usage()
{
	sys->fprint(stderr, "usage: logfile [-size] file\n");
	raise "fail: usage";
}

# The folder and the last element of a file name, trailing slashes dropped.
split(p: string): (string, string)
{
	i := len p - 1;
	while(i >= 0 && p[i] == '/')
		i--;
	if(i < 0)
		return (p, nil);
	p = p[0:i+1];
	while(i >= 0 && p[i] != '/')
		i--;
	if(i < 0)
		return (".", p);
	return (p[0:i+1], p[i+1:]);
}

serve(io: ref Sys->FileIO, log: ref Log)
{
	readers: list of ref Reader;
	for(;;) alt {
	(nil, count, fid, rc) := <-io.read =>
		r := find(readers, fid);
		if(rc == nil){
			if(r != nil)
				readers = drop(readers, r);
			continue;
		}
		if(r == nil){
			r = ref Reader(fid, log.oldest(), nil);
			readers = r :: readers;
		}
		if(r.waiting != nil || !answer(log, r, count, rc))
			r.waiting = append(r.waiting, (count, rc));
	(nil, data, nil, wc) := <-io.write =>
		if(wc == nil)
			continue;
		n := log.append(data);
		if(n < len data)
			wc <-= (n, "write too long for buffer");
		else
			wc <-= (n, nil);
		for(l := readers; l != nil; l = tl l){
			r := hd l;
			if(r.waiting != nil){
				(want, c) := hd r.waiting;
				if(answer(log, r, want, c))
					r.waiting = tl r.waiting;
			}
		}
	}
}

# Answers one read of r if there is something to read.
answer(log: ref Log, r: ref Reader, count: int, rc: Sys->Rread): int
{
	(p, b) := log.from(r.next, count);
	if(b == nil)
		return 0;
	r.next = p + len b;
	spawn reply(rc, b);
	return 1;
}

# Answers a read apart from the server, which must not wait for a reader.
reply(rc: Sys->Rread, b: array of byte)
{
	rc <-= (b, nil);
}

find(l: list of ref Reader, fid: int): ref Reader
{
	for(; l != nil; l = tl l)
		if((hd l).fid == fid)
			return hd l;
	return nil;
}

drop(l: list of ref Reader, r: ref Reader): list of ref Reader
{
	kept: list of ref Reader;
	for(; l != nil; l = tl l)
		if(hd l != r)
			kept = hd l :: kept;
	return kept;
}

append(l: list of (int, Sys->Rread), x: (int, Sys->Rread)): list of (int, Sys->Rread)
{
	if(l == nil)
		return x :: nil;
	return hd l :: append(tl l, x);
}

Log.append(l: self ref Log, b: array of byte): int
{
	size := len l.data;
	if(len b > size)
		b = b[0:size];
	at := l.total % size;
	if(at + len b <= size)
		l.data[at:] = b;
	else{
		l.data[at:] = b[0:size-at];
		l.data[0:] = b[size-at:];
	}
	l.total += len b;
	return len b;
}

Log.oldest(l: self ref Log): int
{
	if(l.total < len l.data)
		return 0;
	return l.total - len l.data;
}

# At most n bytes from stream position p (or the oldest kept, if p is
# older), and where they start; nil if there are none yet.
Log.from(l: self ref Log, p, n: int): (int, array of byte)
{
	if(p < l.oldest())
		p = l.oldest();
	if(n > l.total - p)
		n = l.total - p;
	if(n <= 0)
		return (p, nil);
	size := len l.data;
	at := p % size;
	b := array[n] of byte;
	if(at + n <= size)
		b[0:] = l.data[at:at+n];
	else{
		b[0:] = l.data[at:];
		b[size-at:] = l.data[0:at+n-size];
	}
	return (p, b);
}
