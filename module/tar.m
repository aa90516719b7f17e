# Tar: reading POSIX.1 (ustar) tar archives, for lstar and gettar.
Tar: module
{
	PATH:	con "/dis/lib/tar.dis";
	BLOCK:	con 512;

	# A member: its name (prefix joined), mode bits, size, modification
	# time, type flag (0 for an old-style plain file), link target, and
	# the header block itself.
	Header: adt {
		name:	string;
		mode:	int;
		size:	int;
		mtime:	int;
		kind:	int;
		link:	string;
		block:	array of byte;
	};

	# Blocks of an archive read in records of 20 blocks.
	Reader: adt {
		fd:	ref Sys->FD;
		buf:	array of byte;
		nblocks, used:	int;

		new:	fn(fd: ref Sys->FD): ref Reader;
		# the next block; nil at the end; an error ("read error: ..."
		# or "blocksize error")
		block:	fn(r: self ref Reader): (array of byte, string);
		# the next member's header; nil at the end of the archive
		header:	fn(r: self ref Reader): (ref Header, string);
	};

	# The magic and checksum of a header block, with the member's name
	# for messages: nil if good, else "bad magic NAME" or
	# "directory checksum error NAME".
	check:	fn(b: array of byte, name: string): string;
	# A number in octal (blanks skipped, ending at a NUL).
	octal:	fn(b: array of byte): int;
};
