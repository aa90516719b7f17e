# String: operations on strings, character classes, numbers and quoting.
# Member names, types and order agree with the original interface.
#
# A character class is a string of characters and ranges a-z; a leading ^
# complements it ("^ \t\n" is every character but blank, tab and newline).

String: module
{
	PATH:		con	"/dis/lib/string.dis";

	splitl:		fn(s, cl: string): (string, string);	# before the first char in cl; (s, "") if none
	splitr:		fn(s, cl: string): (string, string);	# after the last char in cl; ("", s) if none
	drop:		fn(s, cl: string): string;		# s without its longest prefix in cl
	take:		fn(s, cl: string): string;		# the longest prefix of s in cl
	in:		fn(c: int, cl: string): int;

	# t is a literal string here, not a class
	splitstrl:	fn(s, t: string): (string, string);
	splitstrr:	fn(s, t: string): (string, string);

	prefix:		fn(pre, s: string): int;

	tolower:	fn(s: string): string;
	toupper:	fn(s: string): string;

	# the value read from the front of s, and what follows it
	toint:		fn(s: string, base: int): (int, string);
	tobig:		fn(s: string, base: int): (big, string);
	toreal:		fn(s: string, base: int): (real, string);

	append:		fn(s: string, l: list of string): list of string;
	quoted:		fn(argv: list of string): string;
	quotedc:	fn(argv: list of string, cl: string): string;
	unquoted:	fn(args: string): list of string;
};
