implement Nametree;

# A navigator for Styxservers over a tree held in memory
# (styxservers-nametree(2)). One process owns the tree: it answers the
# Styxserver's Navops (stat, walk, readdir) and the program's Treeops
# (create, remove, wstat, getpath), so neither needs a lock. Files are
# found by Qid.path through a hash table; each node keeps its children in
# a list, newest first, which is the order directories read in. A node
# whose parent is itself is a root; ".." of a root is the root.

include "sys.m";
	sys: Sys;

include "styx.m";

include "styxservers.m";
	Navop: import Styxservers;
	Enotfound, Eexists: import Styxservers;

Node: adt {
	parent:	big;		# Qid.path of the parent (its own for a root)
	d:	Sys->Dir;
	kids:	cyclic ref Node;	# first child
	next:	cyclic ref Node;	# next sibling
	chain:	cyclic ref Node;	# next in its hash slot
};

SLOTS: con 23;

init()
{
	sys = load Sys Sys->PATH;
}

start(): (ref Tree, chan of ref Navop)
{
	t := ref Tree(chan of ref Treeop, chan of string);
	nav := chan of ref Navop;
	spawn serve(nav, t.c);
	return (t, nav);
}

Tree.quit(t: self ref Tree)
{
	t.c <-= nil;
}

Tree.create(t: self ref Tree, parent: big, d: Sys->Dir): string
{
	t.c <-= ref Treeop.Create(t.reply, parent, d);
	return <-t.reply;
}

Tree.wstat(t: self ref Tree, path: big, d: Sys->Dir): string
{
	t.c <-= ref Treeop.Wstat(t.reply, path, d);
	return <-t.reply;
}

Tree.remove(t: self ref Tree, path: big): string
{
	t.c <-= ref Treeop.Remove(t.reply, path);
	return <-t.reply;
}

Tree.getpath(t: self ref Tree, path: big): string
{
	t.c <-= ref Treeop.Getpath(t.reply, path);
	return <-t.reply;
}

# The tree's owner; a nil request on either channel ends it.
serve(nav: chan of ref Navop, ops: chan of ref Treeop)
{
	tab := array[SLOTS] of ref Node;
	for(;;) alt {
	op := <-nav =>
		if(op == nil)
			exit;
		navigate(tab, op);
	op := <-ops =>
		if(op == nil)
			exit;
		pick o := op {
		Create =>
			o.reply <-= add(tab, o.q, o.d);
		Remove =>
			o.reply <-= delete(tab, o.q);
		Wstat =>
			o.reply <-= change(tab, o.q, o.d);
		Getpath =>
			o.reply <-= pathname(tab, o.q);
		}
	}
}

navigate(tab: array of ref Node, op: ref Navop)
{
	n := find(tab, op.path);
	if(n == nil){
		op.reply <-= (nil, Enotfound);
		return;
	}
	pick o := op {
	Stat =>
		o.reply <-= (ref n.d, nil);
	Walk =>
		c := child(tab, n, o.name);
		if(c == nil)
			o.reply <-= (nil, Enotfound);
		else
			o.reply <-= (ref c.d, nil);
	Readdir =>
		i := 0;
		for(c := n.kids; c != nil && i < o.offset+o.count; c = c.next){
			if(i >= o.offset)
				o.reply <-= (ref c.d, nil);
			i++;
		}
		o.reply <-= (nil, nil);
	}
}

slot(q: big): int
{
	s := int (q % big SLOTS);
	if(s < 0)
		s += SLOTS;
	return s;
}

find(tab: array of ref Node, q: big): ref Node
{
	for(n := tab[slot(q)]; n != nil; n = n.chain)
		if(n.d.qid.path == q)
			return n;
	return nil;
}

# The node called name in directory dir; ".." is its parent.
child(tab: array of ref Node, dir: ref Node, name: string): ref Node
{
	if(name == "..")
		return find(tab, dir.parent);
	for(c := dir.kids; c != nil; c = c.next)
		if(c.d.name == name)
			return c;
	return nil;
}

add(tab: array of ref Node, parent: big, d: Sys->Dir): string
{
	if(find(tab, d.qid.path) != nil)
		return Eexists;
	p := find(tab, parent);
	n := ref Node(parent, d, nil, nil, nil);
	if(p == nil){
		if(d.qid.path != parent)
			return Enotfound;
	}else{
		if(child(tab, p, d.name) != nil)
			return Eexists;
		n.next = p.kids;
		p.kids = n;
	}
	s := slot(d.qid.path);
	n.chain = tab[s];
	tab[s] = n;
	return nil;
}

# Takes the node q out of its hash slot; nil if there is none.
unhash(tab: array of ref Node, q: big): ref Node
{
	s := slot(q);
	prev: ref Node;
	n := tab[s];
	for(; n != nil && n.d.qid.path != q; n = n.chain)
		prev = n;
	if(n == nil)
		return nil;
	if(prev == nil)
		tab[s] = n.chain;
	else
		prev.chain = n.chain;
	n.chain = nil;
	return n;
}

# Takes the node q and everything below it out of the tree.
delete(tab: array of ref Node, q: big): string
{
	n := unhash(tab, q);
	if(n == nil)
		return Enotfound;
	if(n.parent != q && (p := find(tab, n.parent)) != nil){
		if(p.kids == n)
			p.kids = n.next;
		else{
			for(c := p.kids; c != nil && c.next != n; c = c.next)
				;
			if(c != nil)
				c.next = n.next;
		}
	}
	n.next = nil;
	below := n.kids :: nil;
	while(below != nil){
		c := hd below;
		below = tl below;
		for(; c != nil; c = c.next){
			unhash(tab, c.d.qid.path);
			if(c.kids != nil)
				below = c.kids :: below;
		}
	}
	return nil;
}

# Applies the fields of d that are not "don't change" (nil or ~0) to q;
# its Qid.path stays. A new name must be free in its directory.
change(tab: array of ref Node, q: big, d: Sys->Dir): string
{
	n := find(tab, q);
	if(n == nil)
		return Enotfound;
	nd := n.d;
	if(d.name != nil)
		nd.name = d.name;
	if(d.uid != nil)
		nd.uid = d.uid;
	if(d.gid != nil)
		nd.gid = d.gid;
	if(d.muid != nil)
		nd.muid = d.muid;
	if(d.qid.vers != ~0)
		nd.qid.vers = d.qid.vers;
	if(d.qid.qtype != ~0)
		nd.qid.qtype = d.qid.qtype;
	if(d.mode != ~0)
		nd.mode = d.mode;
	if(d.atime != ~0)
		nd.atime = d.atime;
	if(d.mtime != ~0)
		nd.mtime = d.mtime;
	if(d.length != ~big 0)
		nd.length = d.length;
	if(d.dtype != ~0)
		nd.dtype = d.dtype;
	if(d.dev != ~0)
		nd.dev = d.dev;
	if(nd.name != n.d.name){
		p := find(tab, n.parent);
		if(p != nil && p != n && child(tab, p, nd.name) != nil)
			return Eexists;
	}
	nd.qid.path = q;
	n.d = nd;
	return nil;
}

# The names from q's root down to q, joined by "/"; nil if a link is missing.
pathname(tab: array of ref Node, q: big): string
{
	n := find(tab, q);
	if(n == nil)
		return nil;
	s := n.d.name;
	while(n.parent != n.d.qid.path){
		n = find(tab, n.parent);
		if(n == nil)
			return nil;
		s = n.d.name + "/" + s;
	}
	return s;
}
