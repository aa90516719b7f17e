implement Auth;

# Inferno's connection authentication, both ends: Keyring->auth proves
# each side's certified key to the other and leaves a shared secret;
# then the client names a line algorithm ("none", or algorithms of
# ssl(3) separated by spaces or slashes) in a Keyring message, and
# unless it is "none" both ends push SSL (#D) keyed by the secret. The
# string given back with a descriptor is the name the other side
# proved; with a nil descriptor it is the error. key and keyfile find
# an Authinfo file from a keyspec (attr=value pairs: key=, server=,
# service=, dom=) in /usr/USER/keyring.

include "sys.m";
	sys: Sys;

include "keyring.m";
	kr: Keyring;

include "security.m";

init(): string
{
	return loadmods();
}

loadmods(): string
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	if(kr == nil)
		kr = load Keyring Keyring->PATH;
	if(kr == nil)
		return sys->sprint("can't load %s: %r", Keyring->PATH);
	return nil;
}

server(algs: list of string, ai: ref Keyring->Authinfo, fd: ref Sys->FD, setid: int): (ref Sys->FD, string)
{
	if((e := loadmods()) != nil)
		return (nil, e);
	(who, secret) := kr->auth(fd, ai, setid);
	if(secret == nil){
		if(ai == nil && who == "no authentication information")
			who = "no server certificate";
		return (nil, who);
	}
	asked := kr->getmsg(fd);
	if(asked == nil)
		return (nil, sys->sprint("can't read client ssl algorithm: %r"));
	alg := "";
	(nil, words) := sys->tokenize(string asked, " /");
	for(; words != nil; words = tl words){
		if(algs != nil && !member(hd words, algs))
			return (nil, "unsupported client algorithm: " + hd words);
		if(alg != nil)
			alg += " ";
		alg += hd words;
	}
	if(alg == nil || alg == "none")
		return (fd, who);
	(sfd, err) := pushssl(fd, secret, alg);
	if(sfd == nil)
		return (nil, err);
	return (sfd, who);
}

client(alg: string, ai: ref Keyring->Authinfo, fd: ref Sys->FD): (ref Sys->FD, string)
{
	if((e := loadmods()) != nil)
		return (nil, e);
	return authenticate(ai, alg, fd);
}

auth(ai: ref Keyring->Authinfo, keyspec: string, alg: string, fd: ref Sys->FD): (ref Sys->FD, ref Keyring->Authinfo, string)
{
	if((e := loadmods()) != nil)
		return (nil, nil, e);
	if(ai == nil && keyspec != nil){
		ai = key(keyspec);
		if(ai == nil)
			return (nil, nil, sys->sprint("can't obtain key: %r"));
	}
	(afd, s) := authenticate(ai, alg, fd);
	return (afd, nil, s);
}

# The client's side: mutual authentication, then the algorithm named.
authenticate(ai: ref Keyring->Authinfo, alg: string, fd: ref Sys->FD): (ref Sys->FD, string)
{
	if(alg == nil)
		alg = "none";
	(who, secret) := kr->auth(fd, ai, 0);
	if(secret == nil)
		return (nil, who);
	b := array of byte alg;
	if(kr->sendmsg(fd, b, len b) < 0)
		return (nil, sys->sprint("can't send ssl algorithm: %r"));
	if(alg == "none")
		return (fd, who);
	(sfd, err) := pushssl(fd, secret, alg);
	if(sfd == nil)
		return (nil, err);
	return (sfd, who);
}

member(s: string, l: list of string): int
{
	for(; l != nil; l = tl l)
		if(hd l == s)
			return 1;
	return 0;
}

# SSL on fd, the same secret for both directions, algorithm alg.
pushssl(fd: ref Sys->FD, secret: array of byte, alg: string): (ref Sys->FD, string)
{
	ssl := load SSL SSL->PATH;
	if(ssl == nil)
		return (nil, sys->sprint("can't load ssl: %r"));
	(err, c) := ssl->connect(fd);
	if(err != nil)
		return (nil, "push ssl: can't connect ssl: " + err);
	err = ssl->secret(c, secret, secret);
	if(err != nil)
		return (nil, "push ssl: can't write secret: " + err);
	if(sys->fprint(c.cfd, "alg %s", alg) < 0)
		return (nil, sys->sprint("push ssl: can't push algorithm %s: %r", alg));
	return (c.dfd, nil);
}

key(keyspec: string): ref Keyring->Authinfo
{
	if((e := loadmods()) != nil){
		sys->werrstr(e);
		return nil;
	}
	f := keyfile(keyspec);
	if(f == nil)
		return nil;
	return kr->readauthinfo(f);
}

# The key file a keyspec names: key=NAME outright (below the keyring
# directory unless it starts with /, ./ or ../); otherwise the closest
# existing match for server=[net!]ADDR and service=SVC, trying
# NET!ADDR!SVC, NET!ADDR (NET tcp and net when none is given), ADDR,
# then default; a dom=D file first when it exists.
keyfile(keyspec: string): string
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	attrs := parseattrs(keyspec);
	dir := keydir();
	if((name := value(attrs, "key")) != nil){
		if(name[0] == '/' || prefix("./", name) || prefix("../", name))
			return name;
		return dir + name;
	}
	if((dom := value(attrs, "dom")) != nil && exists(dir + dom))
		return dir + dom;
	nets := "net!" :: "tcp!" :: nil;
	addr := value(attrs, "server");
	(n, parts) := sys->tokenize(addr, "!");
	if(n > 1){
		if(hd parts != "net")
			nets = hd parts + "!" :: nil;
		addr = hd tl parts;
	}
	if(addr == nil || addr == "default")
		return dir + "default";
	svc := value(attrs, "service");
	if(svc != nil)
		for(l := nets; l != nil; l = tl l)
			if(exists(dir + hd l + addr + "!" + svc))
				return dir + hd l + addr + "!" + svc;
	for(l = nets; l != nil; l = tl l)
		if(exists(dir + hd l + addr))
			return dir + hd l + addr;
	if(exists(dir + addr))
		return dir + addr;
	if(exists(dir + "default"))
		return dir + "default";
	return dir + addr;
}

keydir(): string
{
	fd := sys->open("/dev/user", Sys->OREAD);
	if(fd == nil)
		return nil;
	b := array[Sys->NAMEMAX] of byte;
	n := sys->read(fd, b, len b);
	if(n <= 0){
		sys->werrstr("can't read /dev/user");
		return nil;
	}
	return "/usr/" + string b[0:n] + "/keyring/";
}

prefix(p, s: string): int
{
	return len s > len p && s[0:len p] == p;
}

exists(f: string): int
{
	(ok, nil) := sys->stat(f);
	return ok >= 0;
}

# The name=value words of a keyspec, last first; bare words and name?
# queries carry no value and are left out.
parseattrs(s: string): list of (string, string)
{
	(nil, words) := sys->tokenize(s, " \t\n");
	attrs: list of (string, string);
	for(; words != nil; words = tl words){
		w := hd words;
		for(i := 0; i < len w; i++)
			if(w[i] == '='){
				if(i > 0)
					attrs = (w[0:i], w[i+1:]) :: attrs;
				break;
			}
	}
	return attrs;
}

# The value of the first name=value of the keyspec whose words are attrs.
value(attrs: list of (string, string), name: string): string
{
	v: string;
	for(; attrs != nil; attrs = tl attrs)
		if((hd attrs).t0 == name)
			v = (hd attrs).t1;
	return v;
}
