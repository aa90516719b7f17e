# emu's built-in shell, the module $Sh, as /dis/sh.dis and the driver of
# modules of builtins (/dis/lib/shbuiltin.dis) reach it.  Include after
# sys.m, draw.m and sh.m.

Shell: module
{
	PATH:	con "$Sh";

	# The functions of Sh that the built-in shell implements.
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
	system:	fn(drawctxt: ref Draw->Context, cmd: string): string;
	run:	fn(drawctxt: ref Draw->Context, argv: list of string): string;
	parse:	fn(s: string): (ref Sh->Cmd, string);

	# Runs the text cmd in a new shell whose variables are first set to
	# vars (each block value with its text in word); returns the status and
	# the variables cmd changed, in the same form (an empty value for a
	# variable it removed).
	runvars:	fn(drawctxt: ref Draw->Context, vars: list of (string, list of ref Sh->Listnode), cmd: string): (string, list of (string, list of ref Sh->Listnode));

	# A module of builtins and its context kept for a shell under key
	# (nils when none is), so that each use of its builtins finds the
	# same instance: held finds them, hold keeps them (in place of any
	# kept before), release lets them go.
	held:	fn(key: string): (Shellbuiltin, ref Sh->Context);
	hold:	fn(key: string, mod: Shellbuiltin, c: ref Sh->Context);
	release:	fn(key: string);
};
