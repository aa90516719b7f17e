implement MD5sum;

# md5sum [file ...]: print the MD5 digest of each file, or of standard input.

include "sys.m";
	sys: Sys;
include "draw.m";
include "keyring.m";
	keyring: Keyring;

MD5sum: module
{
	init:	fn(nil: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	keyring = load Keyring Keyring->PATH;
	failed := 0;
	files := tl argv;
	if(files == nil)
		failed = digestfd(sys->fildes(0), nil);
	for(; files != nil; files = tl files){
		name := hd files;
		fd := sys->open(name, Sys->OREAD);
		if(fd == nil){
			sys->fprint(sys->fildes(2), "md5sum: cannot open %s: %r\n", name);
			failed = 1;
			continue;
		}
		failed |= digestfd(fd, name);
	}
	if(failed)
		raise "fail:error";
}

# Print the digest of what fd holds, labelled with name unless it is nil;
# 1 if reading failed part way.
digestfd(fd: ref Sys->FD, name: string): int
{
	block := array[Sys->ATOMICIO] of byte;
	state: ref Keyring->DigestState;
	n: int;
	for(;;){
		n = sys->read(fd, block, len block);
		if(n <= 0)
			break;
		state = keyring->md5(block, n, nil, state);
	}
	failed := 0;
	if(n < 0){
		sys->fprint(sys->fildes(2), "md5sum: error reading %s: %r\n", name);
		failed = 1;
	}
	digest := array[Keyring->MD5dlen] of byte;
	keyring->md5(block, 0, digest, state);
	hex := "";
	for(i := 0; i < len digest; i++)
		hex += sys->sprint("%.2ux", int digest[i]);
	if(name == nil)
		sys->print("%s\n", hex);
	else
		sys->print("%s\t%s\n", hex, name);
	return failed;
}
