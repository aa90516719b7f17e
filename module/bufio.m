# Bufio: buffered input and output on a file descriptor or an in-memory source.
# Member names, types and order agree with the original interface.

Bufio: module
{
	PATH:		con "/dis/lib/bufio.dis";

	SEEKSTART:	con Sys->SEEKSTART;
	SEEKRELA:	con Sys->SEEKRELA;
	SEEKEND:	con Sys->SEEKEND;

	OREAD:		con Sys->OREAD;
	OWRITE:		con Sys->OWRITE;
	ORDWR:		con Sys->ORDWR;

	EOF:		con -1;
	ERROR:		con -2;

	Iobuf: adt {
		seek:		fn(b: self ref Iobuf, n: big, where: int): big;
		offset:		fn(b: self ref Iobuf): big;

		read:		fn(b: self ref Iobuf, a: array of byte, n: int): int;
		write:		fn(b: self ref Iobuf, a: array of byte, n: int): int;

		getb:		fn(b: self ref Iobuf): int;
		getc:		fn(b: self ref Iobuf): int;
		gets:		fn(b: self ref Iobuf, sep: int): string;
		gett:		fn(b: self ref Iobuf, sep: string): string;

		ungetb:		fn(b: self ref Iobuf): int;
		ungetc:		fn(b: self ref Iobuf): int;

		putb:		fn(b: self ref Iobuf, b: byte): int;
		putc:		fn(b: self ref Iobuf, c: int): int;
		puts:		fn(b: self ref Iobuf, s: string): int;

		flush:		fn(b: self ref Iobuf): int;
		close:		fn(b: self ref Iobuf);

		setfill:	fn(b: self ref Iobuf, f: BufioFill);

		# state private to the implementation
		fd:		ref Sys->FD;	# nil for sopen and aopen buffers
		buffer:		array of byte;
		index:		int;		# next byte of buffer to read or write
		size:		int;		# bytes of buffer holding data
		dirty:		int;		# buffer holds unwritten output
		bufpos:		big;		# file offset of buffer[0]
		filpos:		big;		# file offset the descriptor is at
		lastop:		int;		# OREAD or OWRITE: direction of the last transfer
		mode:		int;		# mode given when opened
	};

	open:		fn(name: string, mode: int): ref Iobuf;
	create:		fn(name: string, mode, perm: int): ref Iobuf;
	fopen:		fn(fd: ref Sys->FD, mode: int): ref Iobuf;
	sopen:		fn(input: string): ref Iobuf;
	aopen:		fn(input: array of byte): ref Iobuf;
};

# A module that refills an Iobuf's buffer instead of reading its descriptor.
BufioFill: module
{
	fill:	fn(b: ref Bufio->Iobuf): int;
};

ChanFill: module
{
	PATH:	con "/dis/lib/chanfill.dis";

	init:	fn(data: array of byte, fid: int, wc: Sys->Rwrite, r: ref Sys->FileIO, b: Bufio): ref Bufio->Iobuf;
	fill:	fn(b: ref Bufio->Iobuf): int;
};
