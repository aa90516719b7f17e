# Filepat: file name patterns with * ? and [...].
# Member names, types and order agree with the original interface.

Filepat: module
{
	PATH:	con "/dis/lib/filepat.dis";

	# the names in the name space matching pat, element by element
	expand:	fn(pat: string): list of string;

	# does name match pat? / is an ordinary character here
	match:	fn(pat, name: string): int;
};
