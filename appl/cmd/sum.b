implement Sum;

# sum file ...: print each file's checksum (a CRC-32 over its bytes and
# then its length, so that an empty file's is not 0) as 8 hex digits, its
# length and its name. Directories are passed over; a file that cannot be
# read is reported and makes the status fail:error.

include "sys.m";
	sys: Sys;

include "draw.m";

include "crc.m";
	crcs: Crc;

Sum: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	crcs = load Crc Crc->PATH;
	if(crcs == nil){
		sys->fprint(stderr, "sum: cannot load %s: %r\n", Crc->PATH);
		raise "fail:bad module";
	}
	state := crcs->init(0, 0);
	failed := 0;
	if(argv != nil)
		argv = tl argv;
	for(; argv != nil; argv = tl argv){
		crcs->reset(state);
		if(!sum(hd argv, state))
			failed = 1;
	}
	if(failed)
		raise "fail:error";
}

sum(name: string, state: ref Crc->CRCstate): int
{
	(ok, d) := sys->stat(name);
	if(ok < 0){
		sys->fprint(stderr, "sum: cannot get status of %s: %r\n", name);
		return 0;
	}
	if(d.mode & Sys->DMDIR)
		return 1;
	fd := sys->open(name, Sys->OREAD);
	if(fd == nil){
		sys->fprint(stderr, "sum: cannot open %s: %r\n", name);
		return 0;
	}
	buf := array[Sys->ATOMICIO] of byte;
	length := big 0;
	good := 1;
	n: int;
	while((n = sys->read(fd, buf, len buf)) > 0){
		crcs->crc(state, buf, n);
		length += big n;
	}
	if(n < 0){
		sys->fprint(stderr, "sum: error reading %s: %r\n", name);
		good = 0;
	}
	l := int length;
	tail := array[] of {
		byte ((l >> 24) ^ 16rCC), byte ((l >> 16) ^ 16r55),
		byte ((l >> 8) ^ 16rCC), byte (l ^ 16r55)
	};
	v := crcs->crc(state, tail, len tail);
	sys->print("%.8ux %6bd %s\n", v, length, name);
	return good;
}
