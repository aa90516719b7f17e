implement Puttar;

# puttar [file ...]: write a POSIX.1 (ustar) tar archive of the files, and
# everything below the directories among them, to standard output; with no
# files, of the files named by the lines of standard input (not what is
# below them). The archive is written in records of 20 blocks of 512
# bytes, and ends with two empty blocks. A file that cannot be examined is
# passed over with a warning; other problems end puttar with a message
# (and, as in the original, no failure status).

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Puttar: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

BLOCK:	con 512;
RECORD:	con 20;		# blocks

stdout, stderr: ref Sys->FD;
record := array[RECORD*BLOCK] of {* => byte 0};
nblocks := 0;
empty := array[BLOCK] of {* => byte 0};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stdout = sys->fildes(1);
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		error("can't load " + Bufio->PATH);
	if(argv != nil)
		argv = tl argv;
	if(argv == nil){
		in := bufio->fopen(sys->fildes(0), Bufio->OREAD);
		if(in == nil)
			error("can't fopen stdin");
		while((name := in.gets('\n')) != nil){
			if(name[len name - 1] == '\n')
				name = name[0:len name - 1];
			put(name);
		}
	}
	for(; argv != nil; argv = tl argv)
		tree(hd argv);
	block(empty);
	block(empty);
	flush();
}

warn(what: string)
{
	sys->fprint(stderr, "warning: puttar: %s: %r\n", what);
}

error(what: string)
{
	sys->fprint(stderr, "puttar: %s: %r\n", what);
	exit;
}

# Writes the record. As in the original, a part-filled record is padded
# with zeros from the block after the next, so that block keeps what an
# earlier record left there (zeros in the first record).
flush()
{
	if(nblocks <= 0)
		return;
	for(i := (nblocks + 1)*BLOCK; i < len record; i++)
		record[i] = byte 0;
	if(sys->write(stdout, record, len record) != len record)
		error("write error");
	nblocks = 0;
}

block(data: array of byte)
{
	record[nblocks*BLOCK:] = data;
	if(++nblocks == RECORD)
		flush();
}

octal(a: array of byte, width, v: int)
{
	for(i := width - 1; i >= 0; i--){
		a[i] = byte ('0' + (v & 7));
		v >>= 3;
	}
}

# A name of up to 100 bytes goes in the name field; a longer one is split
# at a / into a prefix of up to 155 bytes and a name of up to 100.
name(h: array of byte, s: string)
{
	b := array of byte s;
	n := len b;
	if(n <= 100){
		h[0:] = b;
		return;
	}
	for(i := n - 101; i < n && b[i] != byte '/'; i++)
		;
	if(i == n)
		error(sys->sprint("%s > 100 bytes", s));
	if(i > 155)
		error(sys->sprint("%s too long\n", s));
	h[0:] = b[i+1:];
	h[345:] = b[0:i];
}

put(file: string)
{
	(ok, d) := sys->stat(file);
	if(ok < 0){
		warn(sys->sprint("cannot stat %s", file));
		return;
	}
	fd := sys->open(file, Sys->OREAD);
	if(fd == nil)
		error(sys->sprint("cannot open %s", file));
	h := array[BLOCK] of {* => byte 0};
	name(h, file);
	octal(h[100:], 7, d.mode & 8r777);
	octal(h[108:], 7, 1);
	octal(h[116:], 7, 1);
	octal(h[124:], 11, int d.length);
	octal(h[136:], 11, d.mtime);
	h[148:] = array of byte "        ";
	h[156] = byte '0';
	if(d.mode & Sys->DMDIR)
		h[156] = byte '5';
	h[257:] = array of byte "ustar";
	h[263:] = array of byte "00";
	h[265:] = array of byte d.uid;
	h[297:] = array of byte d.gid;
	octal(h[329:], 8, d.dev);
	octal(h[337:], 8, int d.qid.path);
	sum := 0;
	for(i := 0; i < BLOCK; i++)
		sum += int h[i];
	octal(h[148:], 7, sum);
	h[155] = byte 0;
	block(h);
	data := array[BLOCK] of byte;
	for(left := int d.length; left > 0; ){
		n := BLOCK;
		if(n > left)
			n = left;
		if(readn(fd, data, n) != n)
			error(sys->sprint("read error on %s", file));
		for(i = n; i < BLOCK; i++)
			data[i] = byte 0;
		block(data);
		left -= n;
	}
}

readn(fd: ref Sys->FD, a: array of byte, n: int): int
{
	got := 0;
	while(got < n){
		r := sys->read(fd, a[got:], n - got);
		if(r <= 0)
			break;
		got += r;
	}
	return got;
}

# The file, and if it is a directory everything below it.
tree(file: string)
{
	put(file);
	(ok, d) := sys->stat(file);
	if(ok < 0){
		warn(sys->sprint("cannot stat %s", file));
		return;
	}
	if((d.mode & Sys->DMDIR) == 0)
		return;
	fd := sys->open(file, Sys->OREAD);
	if(fd == nil)
		error(sys->sprint("cannot open %s", file));
	for(;;){
		(n, entries) := sys->dirread(fd);
		if(n <= 0)
			break;
		for(i := 0; i < n; i++){
			if(file[len file - 1] == '/')
				tree(file + entries[i].name);
			else
				tree(file + "/" + entries[i].name);
		}
	}
}
