implement Ramfile;

# ramfile path [data]: puts a file at path, held in this program's memory
# and starting with data (ramfile(4)). The file is made with file2chan in
# a #s bound before path's directory, so it hides a file of that name.
# file2chan says nothing of truncation, so a write at offset 0 empties the
# file first (cp and editors then work); a stat shows length 0. The server
# runs until killed. A usage or setup error is reported but the status
# stays empty, as the original's.

include "sys.m";
	sys: Sys;

include "draw.m";

Ramfile: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	if(len argv < 2 || len argv > 3){
		sys->fprint(stderr, "usage: ramfile path [data]\n");
		return;
	}
	argv = tl argv;
	(dir, name) := split(hd argv);
	if(sys->bind("#s", dir, Sys->MBEFORE) < 0){
		sys->fprint(stderr, "ramfile: %r\n");
		return;
	}
	io := sys->file2chan(dir, name);
	if(io == nil){
		sys->fprint(stderr, "ramfile: file2chan failed: %r\n");
		return;
	}
	data := array[0] of byte;
	if(tl argv != nil)
		data = array of byte hd tl argv;
	spawn serve(io, data);
}

serve(io: ref Sys->FileIO, data: array of byte)
{
	for(;;) alt {
	(off, n, nil, rc) := <-io.read =>
		if(rc == nil)
			break;
		if(off > len data || off < 0){
			rc <-= (nil, nil);
			break;
		}
		e := len data;
		if(n >= 0 && n < e-off)
			e = off+n;
		rc <-= (data[off:e], nil);
	(off, a, nil, wc) := <-io.write =>
		if(wc == nil)
			break;
		if(off < 0){
			wc <-= (0, "bad offset");
			break;
		}
		if(off == 0)
			data = array[0] of byte;
		if(off+len a > len data){
			grown := array[off+len a] of {* => byte 0};
			grown[0:] = data;
			data = grown;
		}
		data[off:] = a;
		wc <-= (len a, nil);
	}
}

# The directory (with its trailing slash) and last element of path,
# trailing slashes ignored; "." when there is no slash.
split(path: string): (string, string)
{
	i := len path;
	while(i > 0 && path[i-1] == '/')
		i--;
	if(i == 0)
		return (path, nil);
	path = path[0:i];
	while(i > 0 && path[i-1] != '/')
		i--;
	if(i == 0)
		return (".", path);
	return (path[0:i], path[i:]);
}
