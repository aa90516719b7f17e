implement Slowclunk;

# A Styx server on standard input with one file, f (holding "hi\n"), that
# takes its time over the clunk of a fid open on f: it sleeps, then prints
# "clunked f" and answers. A client that prints after its reader's end
# shows whether that end waited for the clunk.

include "sys.m";
	sys: Sys;
include "draw.m";
include "styx.m";
	styx: Styx;
	Tmsg, Rmsg: import styx;

Slowclunk: module
{
	init: fn(nil: ref Draw->Context, nil: list of string);
};

DIR: con Sys->Qid(big 0, 0, Sys->QTDIR);
FILE: con Sys->Qid(big 1, 0, Sys->QTFILE);

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	styx = load Styx Styx->PATH;
	styx->init();
	fd := sys->fildes(0);
	onf, opened: list of int;
	while((t := Tmsg.read(fd, 8192)) != nil){
		r: ref Rmsg;
		pick m := t {
		Version =>
			r = ref Rmsg.Version(m.tag, min(m.msize, 8192), "9P2000");
		Attach =>
			r = ref Rmsg.Attach(m.tag, DIR);
		Walk =>
			if(len m.names == 0){
				if(isin(m.fid, onf))
					onf = m.newfid :: onf;
				r = ref Rmsg.Walk(m.tag, array[0] of Sys->Qid);
			}
			else if(len m.names == 1 && m.names[0] == "f"){
				onf = m.newfid :: onf;
				r = ref Rmsg.Walk(m.tag, array[] of {FILE});
			}else
				r = ref Rmsg.Error(m.tag, "file does not exist");
		Open =>
			if(isin(m.fid, onf))
				opened = m.fid :: opened;
			r = ref Rmsg.Open(m.tag, qidof(m.fid, onf), 0);
		Read =>
			data := array of byte "hi\n";
			if(!isin(m.fid, onf) || m.offset >= big len data)
				data = array[0] of byte;
			r = ref Rmsg.Read(m.tag, data);
		Stat =>
			d := sys->zerodir;
			d.name = "f";
			d.qid = qidof(m.fid, onf);
			if(!isin(m.fid, onf)){
				d.name = "/";
				d.mode = Sys->DMDIR|8r555;
			}
			r = ref Rmsg.Stat(m.tag, d);
		Clunk =>
			if(isin(m.fid, opened)){
				sys->sleep(500);
				sys->print("clunked f\n");
			}
			r = ref Rmsg.Clunk(m.tag);
		* =>
			r = ref Rmsg.Error(m.tag, "permission denied");
		}
		b := r.pack();
		if(sys->write(fd, b, len b) != len b)
			return;
	}
}

isin(fid: int, l: list of int): int
{
	for(; l != nil; l = tl l)
		if(hd l == fid)
			return 1;
	return 0;
}

qidof(fid: int, onf: list of int): Sys->Qid
{
	if(isin(fid, onf))
		return FILE;
	return DIR;
}

min(a, b: int): int
{
	if(a < b)
		return a;
	return b;
}
