implement Read;

# read [-[ero] offset] [count]: copy at most count bytes (default
# Sys->ATOMICIO) from standard input to standard output with one read,
# first seeking to offset from the start (-o), the end (-e) or the current
# position (-r). Fails with "eof" when there is nothing to read.

include "sys.m";
	sys: Sys;

include "draw.m";

Read: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

usage()
{
	sys->fprint(sys->fildes(2), "usage: read [-[ero] offset] count\n");
	raise "fail:usage";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	if(argv != nil)
		argv = tl argv;
	whence := -1;
	offset := big 0;
	if(argv != nil && hd argv != nil && (hd argv)[0] == '-'){
		if(tl argv == nil)
			usage();
		case hd argv {
		"-o" =>	whence = Sys->SEEKSTART;
		"-e" =>	whence = Sys->SEEKEND;
		"-r" =>	whence = Sys->SEEKRELA;
		* =>	usage();
		}
		offset = big hd tl argv;
		argv = tl tl argv;
	}
	count := Sys->ATOMICIO;
	if(argv != nil){
		if(tl argv != nil)
			usage();
		count = int hd argv;
	}
	stdin := sys->fildes(0);
	if(whence >= 0)
		sys->seek(stdin, offset, whence);
	if(count <= 0)
		return;
	buf := array[count] of byte;
	n := sys->read(stdin, buf, len buf);
	if(n < 0){
		sys->fprint(sys->fildes(2), "read: read error: %r\n");
		raise "fail:error";
	}
	if(n == 0)
		raise "fail:eof";
	sys->write(sys->fildes(1), buf, n);
}
