# The shell as a module: `Command` runs it as a command, `Sh` offers it to
# Limbo programs (run a command line or a text, parse text into a command,
# shell contexts with their variables), and `Shellbuiltin` is what a module
# loaded by the shell's `load` implements.  Include after sys.m and draw.m.
# Names and types are those of the original's interface, so that programs
# compiled by either compiler link with either shell.

Command: module
{
	PATH:	con "/dis/sh.dis";

	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Sh: module
{
	PATH:	con "/dis/sh.dis";

	# Prepares the module; the other functions call it as they need.
	initialise:	fn();
	# sh [-nlixe] [-c cmd] [file [arg...]], as the command.
	init:		fn(ctxt: ref Draw->Context, argv: list of string);
	# Parses and runs text in a new context; the status (or the parse error).
	system:		fn(drawctxt: ref Draw->Context, cmd: string): string;
	# Runs a command line in a new context; its status.
	run:		fn(drawctxt: ref Draw->Context, argv: list of string): string;
	# The command text parses to, or the parse error.
	parse:		fn(s: string): (ref Cmd, string);
	# The text of a parsed command.
	cmd2string:	fn(c: ref Cmd): string;

	# A running shell: its variables, builtins and loaded modules.
	Context: adt {
		env:		ref Environment;
		waitfd:		ref Sys->FD;
		drawcontext:	ref Draw->Context;
		keepfds:	list of int;

		# Option bits of options and setoptions.
		INTERACTIVE, VERBOSE, EXECPRINT, ERROREXIT: con 1 << iota;

		new:		fn(drawcontext: ref Draw->Context): ref Context;
		get:		fn(c: self ref Context, name: string): list of ref Listnode;
		set:		fn(c: self ref Context, name: string, val: list of ref Listnode);
		setlocal:	fn(c: self ref Context, name: string, val: list of ref Listnode);
		envlist:	fn(c: self ref Context): list of (string, list of ref Listnode);
		push:		fn(c: self ref Context);
		pop:		fn(c: self ref Context);
		copy:		fn(c: self ref Context, copyenv: int): ref Context;
		run:		fn(c: self ref Context, args: list of ref Listnode, last: int): string;
		addmodule:	fn(c: self ref Context, name: string, mod: Shellbuiltin);
		addbuiltin:	fn(c: self ref Context, name: string, mod: Shellbuiltin);
		removebuiltin:	fn(c: self ref Context, name: string, mod: Shellbuiltin);
		addsbuiltin:	fn(c: self ref Context, name: string, mod: Shellbuiltin);
		removesbuiltin:	fn(c: self ref Context, name: string, mod: Shellbuiltin);
		fail:		fn(c: self ref Context, ename, msg: string);
		options:	fn(c: self ref Context): int;
		setoptions:	fn(c: self ref Context, flags, on: int): int;
	};

	# Conversions between shell lists and strings.
	list2stringlist:	fn(nl: list of ref Listnode): list of string;
	stringlist2list:	fn(sl: list of string): list of ref Listnode;
	# A list as text the shell reads back as the same list.
	quoted:		fn(val: list of ref Listnode, quoteblocks: int): string;

	# The shell is a Shellbuiltin too.
	initbuiltin:	fn(c: ref Context, sh: Sh): string;
	whatis:		fn(nil: ref Sh->Context, nil: Sh, nil: string, nil: int): string;
	runbuiltin:	fn(c: ref Context, sh: Sh, cmd: list of ref Listnode, last: int): string;
	runsbuiltin:	fn(c: ref Context, sh: Sh, cmd: list of ref Listnode): list of ref Listnode;
	getself:	fn(): Shellbuiltin;

	# A parsed command.
	Cmd:	type Node;
	Node: adt {
		ntype:	int;
		left, right:	ref Node;
		word:	string;
		redir:	ref Redir;
	};
	Redir: adt {
		rtype:	int;
		fd1, fd2:	int;
	};
	# A shell variable.
	Var: adt {
		name:	string;
		val:	list of ref Listnode;
		flags:	int;

		CHANGED, NOEXPORT: con 1 << iota;
	};
	Environment: adt {
		sbuiltins:	ref Builtins;
		builtins:	ref Builtins;
		bmods:		list of (string, Shellbuiltin);
		localenv:	ref Localenv;
	};
	Localenv: adt {
		vars:	array of list of ref Var;
		pushed:	ref Localenv;
		flags:	int;
	};
	# One word of a shell value: a string, or a command block (cmd).
	Listnode: adt {
		cmd:	ref Node;
		word:	string;
	};
	Builtins: adt {
		ba:	array of (string, list of Shellbuiltin);
		n:	int;
	};

	# Kinds of Node.
	n_BLOCK, n_VAR, n_BQ, n_BQ2, n_REDIR,
	n_DUP, n_LIST, n_SEQ, n_CONCAT, n_PIPE, n_ADJ,
	n_WORD, n_NOWAIT, n_SQUASH, n_COUNT,
	n_ASSIGN, n_LOCAL: con iota;
	GLOB:	con 1;
};

# A module of shell builtins, loaded by `load`.
Shellbuiltin: module
{
	# Kinds of name whatis is asked about.
	BUILTIN, SBUILTIN, OTHER: con iota;

	# Registers the module's builtins in c; an error stops the load.
	initbuiltin:	fn(c: ref Sh->Context, sh: Sh): string;
	# Runs builtin command hd cmd; its status.
	runbuiltin:	fn(c: ref Sh->Context, sh: Sh, cmd: list of ref Sh->Listnode, last: int): string;
	# Runs substitution builtin ${hd cmd ...}; its value.
	runsbuiltin:	fn(c: ref Sh->Context, sh: Sh, cmd: list of ref Sh->Listnode): list of ref Sh->Listnode;
	# What whatis prints for name, or nil.
	whatis:		fn(c: ref Sh->Context, sh: Sh, name: string, wtype: int): string;
	# The module itself, as the shell keeps it.
	getself:	fn(): Shellbuiltin;
};
