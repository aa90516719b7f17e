# Arg: command-line option parsing in the style of Plan 9's ARGBEGIN.
# Member names, types and order agree with the original interface.

Arg : module
{
	PATH: con "/dis/lib/arg.dis";

	init: fn(argv: list of string);
	setusage: fn(usage: string);
	usage: fn();
	opt: fn(): int;
	arg: fn(): string;
	earg: fn(): string;

	progname: fn(): string;
	argv: fn(): list of string;
};
