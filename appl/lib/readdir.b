implement Readdir;

# Read every entry of a directory and sort them (stably) by a key.

include "sys.m";
	sys: Sys;
	Dir: import sys;

include "readdir.m";

init(path: string, sortkey: int): (array of ref Dir, int)
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	fd := sys->open(path, Sys->OREAD);
	if(fd == nil)
		return (nil, -1);
	return readall(fd, sortkey);
}

readall(fd: ref Sys->FD, sortkey: int): (array of ref Dir, int)
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	chunks: list of array of Dir;	# newest first
	total := 0;
	for(;;){
		(n, d) := sys->dirread(fd);
		if(n < 0)
			return (nil, -1);	# a directory read in part is not read at all
		if(n == 0)
			break;
		chunks = d :: chunks;
		total += n;
	}
	a := array[total] of ref Dir;
	i := total;
	for(; chunks != nil; chunks = tl chunks){
		d := hd chunks;
		i -= len d;
		for(j := 0; j < len d; j++)
			a[i+j] = ref d[j];
	}
	if(sortkey & COMPACT)
		a = firstofeachname(a);
	sortkey &= ~COMPACT;
	if((sortkey & ~DESCENDING) == NONE)
		return (a, len a);
	return sortdir(a, sortkey);
}

# Of entries sharing a name (as members of a union directory do), keep the
# first, preserving order.
firstofeachname(a: array of ref Dir): array of ref Dir
{
	seen := array[31] of list of string;
	n := 0;
	for(i := 0; i < len a; i++){
		name := a[i].name;
		h := 0;
		for(k := 0; k < len name; k++)
			h = (h*31 + name[k]) % len seen;
		dup := 0;
		for(l := seen[h]; l != nil && !dup; l = tl l)
			dup = hd l == name;
		if(!dup){
			seen[h] = name :: seen[h];
			a[n++] = a[i];
		}
	}
	return a[0:n];
}

sortdir(a: array of ref Dir, key: int): (array of ref Dir, int)
{
	if(len a > 1)
		mergesort(a, array[len a] of ref Dir, key);
	return (a, len a);
}

# Sort a in place, stably, using t as scratch space of the same length.
mergesort(a, t: array of ref Dir, key: int)
{
	n := len a;
	if(n < 2)
		return;
	m := n/2;
	mergesort(a[0:m], t[0:m], key);
	mergesort(a[m:], t[m:], key);
	t[0:] = a;
	i := 0;
	j := m;
	k := 0;
	while(i < m && j < n){
		if(after(t[i], t[j], key))
			a[k++] = t[j++];
		else
			a[k++] = t[i++];
	}
	while(i < m)
		a[k++] = t[i++];
	while(j < n)
		a[k++] = t[j++];
}

# Must x come after y in the order asked for? Times sort newest first.
after(x, y: ref Dir, key: int): int
{
	key &= ~COMPACT;
	r := 0;
	case key & ~DESCENDING {
	NAME =>
		r = x.name > y.name;
	ATIME =>
		r = x.atime < y.atime;
	MTIME =>
		r = x.mtime < y.mtime;
	SIZE =>
		r = x.length > y.length;
	* =>
		return 0;
	}
	if(key & DESCENDING){
		# reverse the order, still leaving equal keys as they were
		case key & ~DESCENDING {
		NAME =>
			r = x.name < y.name;
		ATIME =>
			r = x.atime > y.atime;
		MTIME =>
			r = x.mtime > y.mtime;
		SIZE =>
			r = x.length < y.length;
		}
	}
	return r;
}
