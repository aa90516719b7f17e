# Regex: regular expressions in the style of egrep, matched leftmost-longest.
# Member names, types and order agree with the original interface.

Regex: module {

	PATH:	con "/dis/lib/regex.dis";

	# what callers use
	Re: type ref Arena;
	compile:	fn(nil:string,nil:int): (Re, string);
	execute:	fn(nil:Re, nil:string): array of (int, int);
	executese:	fn(nil:Re, nil:string, se: (int, int), bol: int, eol: int): array of (int, int);

	# the compiled form
	ALT, CAT, DOT, SET, HAT, DOL, NUL, PCLO, CLO, OPT, LPN, RPN : con (1<<16)+iota;

	refRex : type int;	# index of a Rex in its Arena

	Set: adt {		# a character class
		neg: int;
		ascii : array of int;		# members below 128, as bits
		unicode : list of (int,int);	# ranges of other members
	};

	Rex: adt {		# a node: a character (kind < 1<<16) or an operator
		kind : int;
		left : refRex;
		right : refRex;
		set : ref Set;
		pno : int;
	};

	Arena: adt {		# the nodes of one expression
		rex : array of Rex;
		ptr : refRex;	# first unused node
		start : refRex;	# the root
		pno : int;	# number of parenthesised subexpressions
	};
};
