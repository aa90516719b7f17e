implement Random;

# Random numbers and bytes from the console device: /dev/random when
# ReallyRandom is asked for, /dev/notquiterandom (faster) otherwise.
# Where the file cannot be opened, as the original, a message is printed
# and the answer is 0 or a buffer of zeros.

include "sys.m";
	sys: Sys;

include "keyring.m";

include "security.m";

source(which: int): ref Sys->FD
{
	sys = load Sys Sys->PATH;
	file := "/dev/notquiterandom";
	if(which == ReallyRandom)
		file = "/dev/random";
	fd := sys->open(file, Sys->OREAD);
	if(fd == nil)
		sys->print("can't open /dev/random\n");
	return fd;
}

randomint(which: int): int
{
	b := randombuf(which, 4);
	return (int b[0] << 24) | (int b[1] << 16) | (int b[2] << 8) | int b[3];
}

randombuf(which, n: int): array of byte
{
	buf := array[n] of byte;
	fd := source(which);
	if(fd != nil)
		sys->read(fd, buf, n);
	return buf;
}
