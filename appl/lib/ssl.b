implement SSL;

# The SSL record layer of device #D pushed on a connection: connect
# takes a new conversation of the device (its directory #D/N, or
# #D/ssl/N where the device has that level) and gives it the
# descriptor of the connection; secret sets the keys of each direction.
# The device must be this host's own, since the descriptor is local.

include "sys.m";
	sys: Sys;

include "keyring.m";

include "security.m";

# A new conversation of #D: its directory and ctl file open.
newconv(): (ref Sys->Connection, string)
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	dir := "#D";
	(ok, nil) := sys->stat(dir);
	if(ok < 0)
		return (nil, sys->sprint("cannot access SSL device #D: %r"));
	(ok, nil) = sys->stat(dir + "/ssl");
	if(ok >= 0)
		dir += "/ssl";
	c := ref Sys->Connection;
	clone := dir + "/clone";
	c.cfd = sys->open(clone, Sys->ORDWR);
	if(c.cfd == nil)
		return (nil, sys->sprint("cannot open %s: %r", clone));
	n := readtext(c.cfd);
	if(n == nil)
		return (nil, sys->sprint("cannot read %s: %r", clone));
	c.dir = dir + "/" + n;
	return (c, nil);
}

connect(fd: ref Sys->FD): (string, ref Sys->Connection)
{
	(c, err) := newconv();
	if(c == nil)
		return (err, nil);
	c.dfd = sys->open(c.dir + "/data", Sys->ORDWR);
	if(c.dfd == nil)
		return (sys->sprint("cannot open data: %r"), nil);
	if(sys->fprint(c.cfd, "fd %d", fd.fd) < 0)
		return (sys->sprint("cannot push fd: %r"), nil);
	return (nil, c);
}

secret(c: ref Sys->Connection, secretin, secretout: array of byte): string
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	err: string;
	if(secretin != nil)
		err = setsecret(c.dir + "/secretin", secretin);
	if(err == nil && secretout != nil)
		err = setsecret(c.dir + "/secretout", secretout);
	return err;
}

setsecret(file: string, key: array of byte): string
{
	fd := sys->open(file, Sys->ORDWR);
	if(fd == nil)
		return sys->sprint("cannot open %s: %r", file);
	if(sys->write(fd, key, len key) < 0)
		return sys->sprint("cannot write %s: %r", file);
	return nil;
}

readtext(fd: ref Sys->FD): string
{
	buf := array[256] of byte;
	n := sys->read(fd, buf, len buf);
	if(n < 0)
		return nil;
	return string buf[0:n];
}
