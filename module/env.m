# Env: the environment variables of the process's environment group (/env).
# Member names, types and order agree with the original interface.

Env: module {
	getenv:	fn(var: string): string;		# nil when var is not set
	setenv:	fn(var: string, val: string): int;	# -1 on failure
	getall: fn(): list of (string, string);

	clone:	fn(): int;		# private copy of the environment; -1 on failure
	new:		fn(): int;		# new empty environment; -1 on failure

	PATH:	con "/dis/lib/env.dis";
};
