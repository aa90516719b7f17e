# Names: operations on file names as strings.
# Member names, types and order agree with the original interface.

Names: module
{
	PATH:	con "/dis/lib/names.dis";

	cleanname:	fn(name: string): string;	# the shortest equivalent: no //, . or reducible ..
	dirname:	fn(name: string): string;	# all before the last /; nil if none
	basename:	fn(name: string, suffix: string): string;	# the last element, without suffix
	elements:	fn(name: string): list of string;	# "/" first if name is rooted
	isprefix:	fn(a: string, b: string): int;	# is a the name of b or of a directory above it?
	pathname:	fn(els: list of string): string;	# the inverse of elements
	rooted:	fn(root: string, name: string): string;	# name taken relative to root
	relative:	fn(name: string, root: string): string;	# name relative to root, if under it
};
