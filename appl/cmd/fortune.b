implement Fortune;

# fortune [file]: print one line of file, chosen at random (each line as
# likely as any other); by default of /lib/games/fortunes, whose line
# offsets are kept in /lib/games/fortunes.index (four bytes each, least
# significant first), made again whenever the fortunes are newer. A file
# that cannot be opened fails with "fortune: can't open FILE: why" and
# fail:open; an empty file prints nothing.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "keyring.m";
include "security.m";

Fortune: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

FORTUNES: con "/lib/games/fortunes";
INDEX: con "/lib/games/fortunes.index";

# The state of the line chooser's generator.
seed: big;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(sys->fildes(2), "fortune: cannot load %s: %r\n", Bufio->PATH);
		raise "fail:bad module";
	}
	name := FORTUNES;
	given := argv != nil && tl argv != nil;
	if(given)
		name = hd tl argv;
	f := bufio->open(name, Bufio->OREAD);
	if(f == nil){
		sys->fprint(sys->fildes(2), "fortune: can't open %s: %r\n", name);
		raise "fail:open";
	}
	index, newindex: ref Sys->FD;
	if(!given){
		index = sys->open(INDEX, Sys->OREAD);
		if(index == nil || stale(f, index)){
			index = nil;
			newindex = sys->create(INDEX, Sys->OWRITE, 8r666);
		}
	}
	line: string;
	if(index != nil && length(index) != big 0)
		line = indexed(f, index);
	else
		line = choose(f, newindex);
	sys->print("%s", line);
}

# Whether the fortunes have changed since the index was written.
stale(f: ref Iobuf, index: ref Sys->FD): int
{
	(nil, i) := sys->fstat(index);
	(nil, d) := sys->fstat(f.fd);
	return d.mtime >= i.mtime;
}

length(fd: ref Sys->FD): big
{
	(nil, d) := sys->fstat(fd);
	return d.length;
}

# A line at a random offset of the index.
indexed(f: ref Iobuf, index: ref Sys->FD): string
{
	at := ((big truerand() & 16rFFFFFFFF) % length(index)) & ~big 3;
	b := array[4] of byte;
	sys->seek(index, at, Sys->SEEKSTART);
	sys->read(index, b, 4);
	f.seek(big (int b[0] | int b[1]<<8 | int b[2]<<16 | int b[3]<<24), Bufio->SEEKSTART);
	line := f.gets('\n');
	if(line == nil)
		line = "Misfortune!\n";
	return line;
}

# Reads every line, keeping the i'th in place of the one kept with chance
# 1/i, and writes each line's offset to index when there is one.
choose(f: ref Iobuf, index: ref Sys->FD): string
{
	seed = big truerand();
	out: ref Iobuf;
	if(index != nil)
		out = bufio->fopen(index, Bufio->OWRITE);
	kept: string;
	b := array[4] of byte;
	for(i := 1; ; i++){
		at := int f.offset();
		line := f.gets('\n');
		if(line == nil)
			break;
		if(out != nil){
			for(k := 0; k < 4; k++)
				b[k] = byte (at >> (8*k));
			out.write(b, 4);
		}
		if(below(i) == 0)
			kept = line;
	}
	if(out != nil)
		out.flush();
	return kept;
}

# A number from 0 to n-1.
below(n: int): int
{
	seed = seed * big 1103515245 + big 12345;
	return int (((seed & ((big 1<<63) - big 1)) >> 10) % big n);
}

truerand(): int
{
	random := load Random Random->PATH;
	if(random == nil)
		return sys->millisec();
	return random->randomint(Random->ReallyRandom);
}
