implement Ar;

# ar key [posname] afile [file ...]: keep files in a Unix archive
# (!<arch>, a 60-byte text header before each member). key is one of
#	d	delete the files
#	r	replace the files, or add them (u: only those newer than their
#		member; a, b or i: new ones after or before member posname)
#	q	append the files without looking
#	t	list the members (v: mode, uid/gid, size, date too)
#	p	print the members (v: each after its name)
#	m	move the files to the end (or after/before posname)
#	x	extract the members (o: with their times)
# plus v (report each step), c (no "creating" message) and l (ignored).
# With no files, t, p and x take every member. A file named but not found
# is reported and makes the status "fail: file not found".
#
# Unlike the original, which pages the archive through temporary files
# past a megabyte, the archive is held in memory while it is rewritten.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "daytime.m";
	daytime: Daytime;

include "string.m";
	str: String;

Ar: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

MAGIC:	con "!<arch>\n";
HEADER:	con 60;
NAMELEN:	con 16;
COMMANDS:	con "mrxtdpq";
MODIFIERS:	con "uvnbailo";

Member: adt {
	name:	string;
	date, uid, gid, mode, size:	int;
	data:	array of byte;	# size bytes, and a newline when size is odd
};

File: adt {
	name:	string;
	trimmed:	string;
	found:	int;
};

after, before, create, keeptimes, newer, verbose: int;
command := 0;
pivot: string;
stderr: ref Sys->FD;
out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	daytime = load Daytime Daytime->PATH;
	str = load String String->PATH;
	if(bufio == nil || daytime == nil || str == nil){
		sys->fprint(stderr, "ar: cannot load modules: %r\n");
		raise "fail:bad module";
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	if(len argv < 3)
		usage();
	argv = tl argv;
	key := hd argv;
	argv = tl argv;
	for(i := 0; i < len key; i++)
		case key[i] {
		'a' =>	after = 1;
		'b' or 'i' =>	before = 1;
		'c' =>	create = 1;
		'l' =>	;
		'o' =>	keeptimes = 1;
		'u' =>	newer = 1;
		'v' =>	verbose = 1;
		'd' or 'm' or 'p' or 'q' or 'r' or 't' or 'x' =>
			if(command != 0){
				sys->fprint(stderr, "ar: only one of [%s] allowed\n", COMMANDS);
				usage();
			}
			command = key[i];
		* =>
			sys->fprint(stderr, "ar: bad option `%c'\n", key[i]);
			usage();
		}
	if(after && before){
		sys->fprint(stderr, "ar: only one of 'a' and 'b' can be specified\n");
		usage();
	}
	if(after || before){
		pivot = trim(hd argv);
		argv = tl argv;
		if(len argv < 2)
			usage();
	}
	if(command == 0){
		if(!newer){
			sys->fprint(stderr, "ar: one of [%s] must be specified\n", COMMANDS);
			usage();
		}
		command = 'r';
	}
	archive := hd argv;
	files := array[len tl argv] of ref File;
	i = 0;
	for(argv = tl argv; argv != nil; argv = tl argv)
		files[i++] = ref File(hd argv, trim(hd argv), 0);
	case command {
	'd' =>	delete(archive, files);
	'm' =>	move(archive, files);
	'p' =>	print(archive, files);
	'q' =>	append(archive, files);
	'r' =>	replace(archive, files);
	't' =>	table(archive, files);
	'x' =>	extract(archive, files);
	}
	missing := 0;
	for(i = 0; i < len files; i++)
		if(!files[i].found){
			sys->fprint(stderr, "ar: %s not found\n", files[i].name);
			missing = 1;
		}
	out.flush();
	if(missing)
		raise "fail: file not found";
}

usage()
{
	sys->fprint(stderr, "usage: ar [%s][%s] archive files ...\n", MODIFIERS, COMMANDS);
	raise "fail:usage";
}

fail(msg, status: string)
{
	out.flush();
	sys->fprint(stderr, "ar: %s\n", msg);
	raise "fail:" + status;
}

say(c: int, name: string)
{
	if(verbose)
		out.puts(sys->sprint("%c - %s\n", c, name));
}

# The last element of a name.
trim(s: string): string
{
	e := len s;
	while(e > 0 && s[e-1] == '/')
		e--;
	b := 0;
	for(i := 0; i < e; i++)
		if(s[i] == '/')
			b = i + 1;
	return s[b:e];
}

# The file named for a member (any member if none are named), marked found.
match(files: array of ref File, name: string): ref File
{
	if(len files == 0)
		return ref File(name, name, 0);
	for(i := 0; i < len files; i++)
		if(!files[i].found && files[i].trimmed == name){
			files[i].found = 1;
			return files[i];
		}
	return nil;
}

# The archive, checked; nil if it does not exist and that is allowed.
open(name: string, mode, missingok: int): ref Sys->FD
{
	fd := sys->open(name, mode);
	if(fd == nil){
		if(missingok)
			return nil;
		fail(sys->sprint("cannot open %s: %r", name), "error");
	}
	magic := array[len MAGIC] of byte;
	if(sys->read(fd, magic, len magic) != len magic || string magic != MAGIC)
		fail(name + " not in archive format", "error");
	return fd;
}

# The members of the archive (nil if it does not exist and may not).
members(name: string, missingok: int): (int, list of ref Member)
{
	fd := open(name, Sys->OREAD, missingok);
	if(fd == nil)
		return (0, nil);
	b := bufio->fopen(fd, Bufio->OREAD);
	b.seek(big len MAGIC, Bufio->SEEKSTART);
	l: list of ref Member;
	while((m := readmember(b)) != nil)
		l = m :: l;
	return (1, reverse(l));
}

reverse(l: list of ref Member): list of ref Member
{
	r: list of ref Member;
	for(; l != nil; l = tl l)
		r = hd l :: r;
	return r;
}

readmember(b: ref Iobuf): ref Member
{
	h := array[HEADER] of byte;
	n := b.read(h, len h);
	if(n == 0)
		return nil;
	if(n != len h){
		if(n > 0)
			sys->werrstr("unexpected end-of-file");
		fail(sys->sprint("read error: %r"), "read error");
	}
	e := NAMELEN;
	while(e > 0 && (h[e-1] == byte '/' || h[e-1] == byte ' '))
		e--;
	m := ref Member(string h[0:e], number(h[16:28], 10), number(h[28:34], 10),
		number(h[34:40], 10), number(h[40:48], 8), number(h[48:58], 10), nil);
	if(h[58] != byte '`' || h[59] != byte '\n')
		fail(sys->sprint("phase error at offset %bd", b.offset() - big HEADER), "phase error");
	m.data = array[m.size + (m.size & 1)] of byte;
	if(b.read(m.data, len m.data) != len m.data){
		sys->werrstr("unexpected end-of-file");
		fail(sys->sprint("read error: %r"), "read error");
	}
	return m;
}

number(a: array of byte, base: int): int
{
	e := len a;
	while(e > 0 && a[e-1] == byte ' ')
		e--;
	s := string a[0:e];
	(n, rest) := str->toint(s, base);
	if(rest != nil)
		fail(sys->sprint("invalid integer in archive member's header: %q", s), "error");
	return n;
}

# A member holding the file's contents; nil if it cannot be read.
newmember(f: ref File): ref Member
{
	fd := sys->open(f.name, Sys->OREAD);
	if(fd == nil){
		sys->fprint(stderr, "ar: cannot open %s: %r\n", f.name);
		return nil;
	}
	(ok, d) := sys->fstat(fd);
	if(ok < 0)
		fail(sys->sprint("cannot stat %s: %r", f.name), "no stat");
	size := int d.length;
	data := array[size + (size & 1)] of byte;
	for(n := 0; n < size; ){
		r := sys->read(fd, data[n:], size - n);
		if(r <= 0){
			if(r == 0)
				sys->werrstr("unexpected end-of-file");
			fail(sys->sprint("read error: %r"), "read error");
		}
		n += r;
	}
	if(size & 1)
		data[size] = byte '\n';
	return ref Member(f.trimmed, d.mtime, 0, 0, d.mode & 8r777, size, data);
}

header(m: ref Member): array of byte
{
	h := array[HEADER] of {* => byte ' '};
	name := array of byte m.name;
	if(len name > NAMELEN)
		name = name[0:NAMELEN];
	h[0:] = name;
	h[16:] = array of byte sys->sprint("%-12ud", m.date);
	h[28:] = array of byte sys->sprint("%-6d", 0);
	h[34:] = array of byte sys->sprint("%-6d", 0);
	h[40:] = array of byte sys->sprint("%-8uo", m.mode);
	h[48:] = array of byte sys->sprint("%-10ud", m.size);
	h[58] = byte '`';
	h[59] = byte '\n';
	return h;
}

write(fd: ref Sys->FD, a: array of byte)
{
	if(sys->write(fd, a, len a) != len a)
		fail(sys->sprint("write error: %r"), "write error");
}

# Writes the archive afresh with the members.
install(name: string, l: list of ref Member, announce: int)
{
	if(announce)
		sys->fprint(stderr, "ar: creating %s\n", name);
	fd := sys->create(name, Sys->OWRITE, 8r666);
	if(fd == nil)
		fail(sys->sprint("cannot create %s: %r", name), "create");
	write(fd, array of byte MAGIC);
	for(; l != nil; l = tl l){
		write(fd, header(hd l));
		write(fd, (hd l).data);
	}
}

# Whether member name is where new or moved members go: after it with a,
# before it with b; true once, for the first member of the tail.
state := 0;
atpivot(name: string): int
{
	case state {
	0 =>
		if(name == pivot){
			if(after)
				state = 1;
			else if(before){
				state = 2;
				return 1;
			}
		}
	1 =>
		state = 2;
		return 1;
	}
	return 0;
}

join(a, b: list of ref Member): list of ref Member
{
	for(a = reverse(a); a != nil; a = tl a)
		b = hd a :: b;
	return b;
}

replace(archive: string, files: array of ref File)
{
	(exists, old) := members(archive, 1);
	head, tail: list of ref Member;	# reversed, split at the pivot
	intail := 0;
	for(; old != nil; old = tl old){
		m := hd old;
		if(pivot != nil && atpivot(m.name))
			intail = 1;
		f := match(files, m.name);
		if(f != nil){
			f.found = 1;
			if(!(newer && !isnewer(f, m))){
				n := newmember(f);
				if(n != nil){
					say('r', f.name);
					m = n;
				}
			}
		}
		if(intail)
			tail = m :: tail;
		else
			head = m :: head;
	}
	for(i := 0; i < len files; i++){
		f := files[i];
		if(f.found)
			continue;
		f.found = 1;
		n := newmember(f);
		if(n != nil){
			say('a', f.name);
			head = n :: head;
		}
	}
	install(archive, join(reverse(head), reverse(tail)), !exists && !create);
}

isnewer(f: ref File, m: ref Member): int
{
	(ok, d) := sys->stat(f.name);
	if(ok < 0){
		sys->fprint(stderr, "ar: cannot stat %s: %r\n", f.name);
		return 0;
	}
	return d.mtime > m.date;
}

delete(archive: string, files: array of ref File)
{
	if(len files == 0)
		return;
	(nil, old) := members(archive, 0);
	kept: list of ref Member;
	changed := 0;
	for(; old != nil; old = tl old)
		if(match(files, (hd old).name) != nil){
			say('d', (hd old).name);
			changed = 1;
		}else
			kept = hd old :: kept;
	if(changed)
		install(archive, reverse(kept), 0);
}

move(archive: string, files: array of ref File)
{
	if(len files == 0)
		return;
	(nil, old) := members(archive, 0);
	head, moved, tail: list of ref Member;
	intail := 0;
	for(; old != nil; old = tl old){
		m := hd old;
		if(pivot != nil && atpivot(m.name))
			intail = 1;
		if((f := match(files, m.name)) != nil){
			say('m', f.name);
			moved = m :: moved;
		}else if(intail)
			tail = m :: tail;
		else
			head = m :: head;
	}
	if(pivot != nil && !intail)
		sys->fprint(stderr, "ar: %s not found - files moved to end\n", pivot);
	install(archive, join(reverse(head), join(reverse(moved), reverse(tail))), 0);
}

append(archive: string, files: array of ref File)
{
	if(after || before){
		sys->fprint(stderr, "ar: abi not allowed with q\n");
		raise "fail:usage";
	}
	fd := open(archive, Sys->ORDWR, 1);
	if(fd == nil){
		if(!create)
			sys->fprint(stderr, "ar: creating %s\n", archive);
		fd = sys->create(archive, Sys->OWRITE, 8r666);
		if(fd == nil)
			fail(sys->sprint("cannot create %s: %r", archive), "create");
		write(fd, array of byte MAGIC);
	}
	sys->seek(fd, big 0, Sys->SEEKEND);
	for(i := 0; i < len files; i++){
		f := files[i];
		f.found = 1;
		m := newmember(f);
		if(m != nil){
			say('q', f.name);
			write(fd, header(m));
			write(fd, m.data);
		}
	}
}

table(archive: string, files: array of ref File)
{
	(nil, l) := members(archive, 0);
	for(; l != nil; l = tl l){
		m := hd l;
		if((f := match(files, m.name)) == nil)
			continue;
		s := "";
		if(verbose){
			t := daytime->text(daytime->local(m.date));
			s = sys->sprint("%s %3d/%1d %7ud %-12.12s %-4.4s  ", modes(m.mode), m.uid, m.gid,
				m.size, t[4:], t[24:]);
		}
		out.puts(s + f.trimmed + "\n");
	}
}

rwx := array[] of {"---", "--x", "-w-", "-wx", "r--", "r-x", "rw-", "rwx"};

modes(mode: int): string
{
	return rwx[(mode>>6)&7] + rwx[(mode>>3)&7] + rwx[mode&7];
}

print(archive: string, files: array of ref File)
{
	(nil, l) := members(archive, 0);
	done := 0;
	for(; l != nil; l = tl l){
		m := hd l;
		if((f := match(files, m.name)) == nil)
			continue;
		if(verbose)
			out.puts(sys->sprint("\n<%s>\n\n", f.name));
		out.write(m.data, m.size);
		if(len files > 0 && ++done >= len files)
			break;
	}
}

extract(archive: string, files: array of ref File)
{
	(nil, l) := members(archive, 0);
	done := 0;
	for(; l != nil; l = tl l){
		m := hd l;
		if((f := match(files, m.name)) == nil)
			continue;
		fd := sys->create(f.name, Sys->OWRITE, m.mode & 8r777);
		if(fd == nil)
			sys->fprint(stderr, "ar: cannot create %s: %r\n", f.name);
		else{
			say('x', f.name);
			write(fd, m.data[0:m.size]);
			if(keeptimes){
				d := sys->nulldir;
				d.atime = m.date;
				d.mtime = m.date;
				if(sys->fwstat(fd, d) < 0)
					sys->fprint(stderr, "ar: can't set times on %s: %r", f.name);
			}
		}
		if(len files > 0 && ++done >= len files)
			break;
	}
}
