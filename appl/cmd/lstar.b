implement Lstar;

# lstar: list the members of the tar archive on standard input, one a
# line: name, modification time, size and 0 (as du -n -t prints them).
# Links and special files are passed over with a message; a damaged
# archive ends the listing with one (and, as in the original, no failure
# status).

include "sys.m";
	sys: Sys;

include "draw.m";

include "tar.m";
	tar: Tar;
	Reader, Header: import tar;

Lstar: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	tar = load Tar Tar->PATH;
	if(tar == nil)
		error("can't load " + Tar->PATH);
	r := Reader.new(sys->fildes(0));
	for(;;){
		(h, err) := r.header();
		if(err != nil)
			error(err);
		if(h == nil)
			break;
		err = tar->check(h.block, h.name);
		if(err != nil)
			error(err);
		size := 0;
		mtime := 0;
		case h.kind {
		'0' or '5' or '7' or 0 =>
			size = h.size;
			mtime = h.mtime;
		'1' =>
			sys->fprint(stderr, "skipping link %s -> %s\n", h.name, h.link);
		'2' or 's' =>
			sys->fprint(stderr, "skipping symlink %s\n", h.name);
		'3' or '4' or '6' =>
			sys->fprint(stderr, "skipping special file %s\n", h.name);
		* =>
			error(sys->sprint("unrecognized typeflag %d for %s", h.kind, h.name));
		}
		for(blocks := (size + Tar->BLOCK - 1) / Tar->BLOCK; blocks > 0; blocks--){
			(b, e) := r.block();
			if(e != nil)
				error(e);
			if(b == nil)
				break;
		}
		sys->print("%s %d %d 0\n", h.name, mtime, size);
	}
}

error(what: string)
{
	sys->fprint(stderr, "lstar: %s: %r\n", what);
	exit;
}
