implement Sh;

# The shell as a module, /dis/sh.dis: the command sh [-nlixe] [-c command]
# [file [arg ...]] and the Sh interface of sh.m for programs that load it as
# the original's do (load Command "/dis/sh.dis", load Sh Sh->PATH). The shell
# itself is emu's built-in module $Sh, which runs with the caller's name
# space, descriptors and environment: init, system, run and parse go to it.
# The rest is here: the text of commands and lists, and contexts, whose
# variables are kept here, given to the shell that runs a command in them and
# updated from the variables that command changed.

include "sys.m";
	sys: Sys;

include "draw.m";

include "sh.m";

include "shell.m";
shell: Shell;

# Slots of a context's variable table.
NSLOTS: con 17;

initialise()
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	if(shell == nil){
		shell = load Shell Shell->PATH;
		if(shell == nil){
			sys->fprint(sys->fildes(2), "sh: cannot load %s: %r\n", Shell->PATH);
			raise "fail:bad module";
		}
	}
}

init(ctxt: ref Draw->Context, argv: list of string)
{
	initialise();
	shell->init(ctxt, argv);
}

system(drawctxt: ref Draw->Context, cmd: string): string
{
	initialise();
	return shell->system(drawctxt, cmd);
}

run(drawctxt: ref Draw->Context, argv: list of string): string
{
	initialise();
	return shell->run(drawctxt, argv);
}

parse(s: string): (ref Cmd, string)
{
	initialise();
	return shell->parse(s);
}

# The text of a parsed command, which reads back as the same command.
cmd2string(c: ref Cmd): string
{
	if(c == nil)
		return "";
	case c.ntype {
	n_BLOCK =>
		return "{" + cmd2string(c.left) + "}";
	n_VAR =>
		return "$" + cmd2string(c.left);
	n_SQUASH =>
		return "$\"" + cmd2string(c.left);
	n_COUNT =>
		return "$#" + cmd2string(c.left);
	n_BQ =>
		return "`" + cmd2string(c.left);
	n_BQ2 =>
		return "\"" + cmd2string(c.left);
	n_REDIR =>
		return redirtext(c.redir, 0) + cmd2string(c.left);
	n_DUP =>
		return redirtext(c.redir, 1);
	n_LIST =>
		return "(" + cmd2string(c.left) + ")";
	n_SEQ =>
		return cmd2string(c.left) + ";" + cmd2string(c.right);
	n_NOWAIT =>
		return cmd2string(c.left) + "&";
	n_CONCAT =>
		return cmd2string(c.left) + "^" + cmd2string(c.right);
	n_PIPE =>
		s := cmd2string(c.left) + "|";
		if(c.redir != nil){
			if(c.redir.fd2 != -1)
				s += "[" + fdtext(c.redir.fd1) + "=" + fdtext(c.redir.fd2) + "]";
			else if(c.redir.fd1 != -1)
				s += "[" + string c.redir.fd1 + "]";
		}
		return s + cmd2string(c.right);
	n_ASSIGN =>
		return cmd2string(c.left) + "=" + cmd2string(c.right);
	n_LOCAL =>
		return cmd2string(c.left) + ":=" + cmd2string(c.right);
	n_ADJ =>
		return cmd2string(c.left) + " " + cmd2string(c.right);
	n_WORD =>
		return quote(c.word, 1);
	}
	return "unknown" + string c.ntype;
}

# A fd of a redirection: nothing for one not given.
fdtext(fd: int): string
{
	if(fd < 0)
		return "";
	return string fd;
}

# The operator of a redirection: OAPPEND marks >>; dup gives [a=b] always.
OAPPEND: con 16r80000;

redirtext(r: ref Redir, dup: int): string
{
	if(r == nil)
		return "";
	op := "<";
	case r.rtype {
	Sys->OWRITE =>
		op = ">";
	Sys->OWRITE | OAPPEND =>
		op = ">>";
	Sys->ORDWR =>
		op = "<>";
	}
	if(dup)
		return op + "[" + fdtext(r.fd1) + "=" + fdtext(r.fd2) + "]";
	if(r.fd1 != -1)
		return op + "[" + string r.fd1 + "]";
	return op;
}

# A word as the shell reads it back: in quotes when it holds a character
# of the syntax or is empty, each quote doubled. With glob, a GLOB mark
# (which parse puts before a pattern character outside quotes) is dropped
# and the character it marks kept as a pattern, outside quotes.
quote(s: string, glob: int): string
{
	t := "";
	special := s == nil;
	for(i := 0; i < len s; i++){
		c := s[i];
		case c {
		'{' or '}' or '(' or ')' or '`' or '&' or ';' or '=' or '>' or '<' or
		'#' or '|' or '*' or '[' or '?' or '$' or '^' or ' ' or '\t' or '\n' or '\r' =>
			special = 1;
		'\'' =>
			special = 1;
			t[len t] = '\'';
		GLOB =>
			if(glob && i + 1 < len s)
				c = s[++i];
		}
		t[len t] = c;
	}
	if(special)
		return "'" + t + "'";
	return t;
}

# The text of a command node as a block value, in braces.
blocktext(c: ref Cmd): string
{
	if(c.ntype == n_BLOCK)
		return cmd2string(c);
	return "{" + cmd2string(c) + "}";
}

list2stringlist(nl: list of ref Listnode): list of string
{
	r: list of string;
	for(; nl != nil; nl = tl nl){
		n := hd nl;
		if(n.word == nil && n.cmd != nil)
			n.word = cmd2string(n.cmd);
		r = n.word :: r;
	}
	sl: list of string;
	for(; r != nil; r = tl r)
		sl = hd r :: sl;
	return sl;
}

stringlist2list(sl: list of string): list of ref Listnode
{
	r: list of ref Listnode;
	for(; sl != nil; sl = tl sl)
		r = ref Listnode(nil, hd sl) :: r;
	nl: list of ref Listnode;
	for(; r != nil; r = tl r)
		nl = hd r :: nl;
	return nl;
}

quoted(val: list of ref Listnode, quoteblocks: int): string
{
	s := "";
	for(; val != nil; val = tl val){
		n := hd val;
		w: string;
		if(n.cmd == nil || (quoteblocks && n.word != nil))
			w = quote(n.word, 0);
		else if(quoteblocks)
			w = quote(cmd2string(n.cmd), 0);
		else
			w = cmd2string(n.cmd);
		s += w;
		if(tl val != nil)
			s += " ";
	}
	return s;
}

# A list as the shell's text of a command line: blocks in braces; a first
# word that starts with a brace is a block too, as the original runs it.
commandtext(args: list of ref Listnode): string
{
	s := "";
	for(first := 1; args != nil; args = tl args){
		n := hd args;
		if(n.cmd != nil)
			s += blocktext(n.cmd);
		else if(first && n.word != nil && n.word[0] == '{')
			s += n.word;
		else
			s += quote(n.word, 0);
		first = 0;
		if(tl args != nil)
			s += " ";
	}
	return s;
}

Context.new(drawcontext: ref Draw->Context): ref Context
{
	initialise();
	env := ref Environment(ref Builtins(nil, 0), ref Builtins(nil, 0), nil,
		ref Localenv(array[NSLOTS] of list of ref Var, nil, Context.VERBOSE));
	return ref Context(env, nil, drawcontext, 0 :: 1 :: 2 :: nil);
}

slot(name: string): int
{
	h := 0;
	for(i := 0; i < len name; i++)
		h = (h * 31 + name[i]) & 16r7fffffff;
	return h % NSLOTS;
}

lookup(e: ref Localenv, name: string): ref Var
{
	for(; e != nil; e = e.pushed)
		for(vl := e.vars[slot(name)]; vl != nil; vl = tl vl)
			if((hd vl).name == name)
				return hd vl;
	return nil;
}

Context.get(c: self ref Context, name: string): list of ref Listnode
{
	if(name == nil)
		return nil;
	# $1, $2...: elements of $*.
	(n, rest) := str2int(name);
	if(rest == nil && n > 0){
		v := lookup(c.env.localenv, "*");
		if(v == nil)
			return nil;
		l := v.val;
		for(; l != nil && n > 1; n--)
			l = tl l;
		if(l == nil)
			return nil;
		return hd l :: nil;
	}
	v := lookup(c.env.localenv, name);
	if(v == nil)
		return nil;
	return v.val;
}

# The decimal number at the start of s and what follows it.
str2int(s: string): (int, string)
{
	n := 0;
	i := 0;
	for(; i < len s && s[i] >= '0' && s[i] <= '9'; i++)
		n = n * 10 + s[i] - '0';
	if(i == 0)
		return (0, s);
	return (n, s[i:]);
}

Context.set(c: self ref Context, name: string, val: list of ref Listnode)
{
	v := lookup(c.env.localenv, name);
	if(v != nil){
		v.val = val;
		v.flags |= Var.CHANGED;
		return;
	}
	e := c.env.localenv;
	while(e.pushed != nil)
		e = e.pushed;
	i := slot(name);
	e.vars[i] = ref Var(name, val, Var.CHANGED) :: e.vars[i];
}

Context.setlocal(c: self ref Context, name: string, val: list of ref Listnode)
{
	e := c.env.localenv;
	i := slot(name);
	for(vl := e.vars[i]; vl != nil; vl = tl vl){
		if((hd vl).name == name){
			(hd vl).val = val;
			(hd vl).flags |= Var.CHANGED;
			return;
		}
	}
	e.vars[i] = ref Var(name, val, Var.CHANGED) :: e.vars[i];
}

Context.envlist(c: self ref Context): list of (string, list of ref Listnode)
{
	seen: list of string;
	l: list of (string, list of ref Listnode);
	for(e := c.env.localenv; e != nil; e = e.pushed){
		for(i := 0; i < len e.vars; i++){
			for(vl := e.vars[i]; vl != nil; vl = tl vl){
				v := hd vl;
				if(!member(v.name, seen)){
					seen = v.name :: seen;
					l = (v.name, v.val) :: l;
				}
			}
		}
	}
	return l;
}

member(s: string, l: list of string): int
{
	for(; l != nil; l = tl l)
		if(hd l == s)
			return 1;
	return 0;
}

Context.push(c: self ref Context)
{
	c.env.localenv = ref Localenv(array[NSLOTS] of list of ref Var, c.env.localenv, c.env.localenv.flags);
}

Context.pop(c: self ref Context)
{
	if(c.env.localenv.pushed == nil)
		raise "fail:unbalanced contexts in shell environment";
	c.env.localenv = c.env.localenv.pushed;
}

Context.copy(c: self ref Context, copyenv: int): ref Context
{
	if(!copyenv)
		return ref Context(c.env, nil, c.drawcontext, c.keepfds);
	n := Context.new(c.drawcontext);
	n.env.localenv.flags = c.env.localenv.flags;
	for(vars := c.envlist(); vars != nil; vars = tl vars){
		(name, val) := hd vars;
		n.set(name, val);
	}
	return n;
}

# Runs a command line in a shell whose variables are the context's; the
# variables the command changes are changed in the context too, and the
# status is also the context's $status.
Context.run(c: self ref Context, args: list of ref Listnode, nil: int): string
{
	if(args == nil || ((hd args).cmd == nil && (hd args).word == nil))
		return nil;
	cmd := commandtext(args);
	if(c.options() & Context.EXECPRINT)
		sys->fprint(sys->fildes(2), "%s\n", cmd);
	vars: list of (string, list of ref Listnode);
	for(vl := c.envlist(); vl != nil; vl = tl vl){
		(name, val) := hd vl;
		if(name != "status"){
			list2stringlist(val);	# gives each block its text
			vars = (name, val) :: vars;
		}
	}
	(status, changed) := shell->runvars(c.drawcontext, vars, cmd);
	for(; changed != nil; changed = tl changed){
		(name, val) := hd changed;
		c.set(name, val);
	}
	c.setlocal("status", ref Listnode(nil, status) :: nil);
	return status;
}

# Modules of builtins are loaded by the shell itself (load NAME), not
# through a context here.
Context.addmodule(c: self ref Context, name: string, mod: Shellbuiltin)
{
	if(mod->initbuiltin(c, load Sh "$self") == nil)
		c.env.bmods = (name, mod->getself()) :: c.env.bmods;
}

Context.addbuiltin(c: self ref Context, name: string, mod: Shellbuiltin)
{
	addname(c.env.builtins, name, mod);
}

Context.removebuiltin(c: self ref Context, name: string, mod: Shellbuiltin)
{
	removename(c.env.builtins, name, mod);
}

Context.addsbuiltin(c: self ref Context, name: string, mod: Shellbuiltin)
{
	addname(c.env.sbuiltins, name, mod);
}

Context.removesbuiltin(c: self ref Context, name: string, mod: Shellbuiltin)
{
	removename(c.env.sbuiltins, name, mod);
}

# A context's table of builtins: each name with the modules defining it,
# the latest first.
addname(b: ref Builtins, name: string, mod: Shellbuiltin)
{
	for(i := 0; i < b.n; i++){
		(n, mods) := b.ba[i];
		if(n == name){
			b.ba[i] = (n, mod :: mods);
			return;
		}
	}
	if(b.n == len b.ba){
		a := array[2 * b.n + 4] of (string, list of Shellbuiltin);
		a[0:] = b.ba[0:b.n];
		b.ba = a;
	}
	b.ba[b.n++] = (name, mod :: nil);
}

removename(b: ref Builtins, name: string, mod: Shellbuiltin)
{
	for(i := 0; i < b.n; i++){
		(n, mods) := b.ba[i];
		if(n != name)
			continue;
		kept: list of Shellbuiltin;
		for(; mods != nil; mods = tl mods)
			if(hd mods != mod)
				kept = hd mods :: kept;
		if(kept != nil)
			b.ba[i] = (n, kept);
		else{
			for(; i + 1 < b.n; i++)
				b.ba[i] = b.ba[i + 1];
			b.ba[--b.n] = (nil, nil);
		}
		return;
	}
}

Context.fail(c: self ref Context, ename, msg: string)
{
	if(c.options() & Context.VERBOSE)
		sys->fprint(sys->fildes(2), "%s\n", msg);
	raise "fail:" + ename;
}

Context.options(c: self ref Context): int
{
	return c.env.localenv.flags;
}

Context.setoptions(c: self ref Context, flags, on: int): int
{
	old := c.env.localenv.flags;
	if(on)
		c.env.localenv.flags |= flags;
	else
		c.env.localenv.flags &= ~flags;
	return old;
}

# As a module of builtins the shell defines none here: its own builtins are
# the built-in shell's.
initbuiltin(nil: ref Context, nil: Sh): string
{
	return nil;
}

whatis(nil: ref Sh->Context, nil: Sh, nil: string, nil: int): string
{
	return nil;
}

runbuiltin(c: ref Context, nil: Sh, cmd: list of ref Listnode, last: int): string
{
	return c.run(cmd, last);
}

runsbuiltin(nil: ref Context, nil: Sh, nil: list of ref Listnode): list of ref Listnode
{
	return nil;
}

getself(): Shellbuiltin
{
	return load Shellbuiltin "$self";
}
