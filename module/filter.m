# Filter: a data transformation run as its own process and driven through a
# channel of requests: it asks for input (Fill, answered with the count
# read, 0 at the end), hands over output (Result, answered 0 to go on or -1
# to stop), reports (Info), and ends with Finished (the input it did not
# use) or Error.
# Member names, types and order agree with the original interface.
Filter: module
{
	DEFLATEPATH:	con "/dis/lib/deflate.dis";
	INFLATEPATH:	con "/dis/lib/inflate.dis";
	SLIPPATH:	con "/dis/lib/slip.dis";

	Rq: adt {
		pick {
		Start =>
			pid:	int;
		Fill or Result =>
			buf:	array of byte;
			reply:	chan of int;
		Info =>
			msg:	string;
		Finished =>
			buf:	array of byte;
		Error =>
			e:	string;
		}
	};

	init:	fn();
	# a new filter; its first request is Start with its process id
	start:	fn(param: string): chan of ref Rq;
};
