# Crc: cyclic redundancy checks over byte arrays, by table.
# Member names, types and order agree with the original interface.
Crc: module
{
	PATH:	con "/dis/lib/crc.dis";

	CRCstate: adt {
		crc:	int;		# the value so far
		crctab:	array of int;	# the table for the polynomial
		reg:	int;		# xor'd into the value before and after each run
	};

	# a state for polynomial poly (reflected, top bit implicit; 0 for
	# 16redb88320, that of CRC-32) with reg as above
	init:	fn(poly: int, reg: int): ref CRCstate;
	# the value after the first nb bytes of buf; successive calls continue
	crc:	fn(state: ref CRCstate, buf: array of byte, nb: int): int;
	# back to the value 0
	reset:	fn(state: ref CRCstate);
};
