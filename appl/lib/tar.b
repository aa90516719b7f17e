implement Tar;

# Reading tar archives: records, header blocks and their fields.

include "sys.m";
	sys: Sys;

include "tar.m";

RECORD:	con 20;

Reader.new(fd: ref Sys->FD): ref Reader
{
	sys = load Sys Sys->PATH;
	return ref Reader(fd, array[RECORD*BLOCK] of byte, 0, 0);
}

Reader.block(r: self ref Reader): (array of byte, string)
{
	if(r.used >= r.nblocks){
		n := sys->read(r.fd, r.buf, len r.buf);
		if(n == 0)
			return (nil, nil);
		if(n < 0)
			return (nil, sys->sprint("read error: %r"));
		if(n % BLOCK != 0)
			return (nil, "blocksize error");
		r.nblocks = n / BLOCK;
		r.used = 0;
	}
	r.used++;
	return (r.buf[(r.used-1)*BLOCK:r.used*BLOCK], nil);
}

Reader.header(r: self ref Reader): (ref Header, string)
{
	(b, err) := r.block();
	if(b == nil || b[0] == byte 0)
		return (nil, err);
	name := field(b[0:100]);
	if(b[345] != byte 0)
		name = field(b[345:500]) + "/" + name;
	h := ref Header(name, octal(b[100:108]), octal(b[124:136]), octal(b[136:148]),
		int b[156], string b[157:257], b);
	return (h, nil);
}

check(b: array of byte, name: string): string
{
	magic := string b[257:262];
	if(magic != nil && magic[0] != 0 && magic != "ustar")
		return "bad magic " + name;
	sum := octal(b[148:156]);
	for(i := 0; i < BLOCK; i++)
		if(i >= 148 && i < 156)
			sum -= ' ';
		else
			sum -= int b[i];
	if(sum != 0)
		return "directory checksum error " + name;
	return nil;
}

octal(b: array of byte): int
{
	v := 0;
	for(i := 0; i < len b; i++){
		c := int b[i];
		if(c == ' ')
			continue;
		if(c == 0)
			break;
		v = 8*v + c - '0';
	}
	return v;
}

field(b: array of byte): string
{
	for(i := 0; i < len b; i++)
		if(b[i] == byte 0)
			break;
	return string b[0:i];
}
