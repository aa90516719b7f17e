implement Crc;

# Table-driven reflected CRCs (least significant bit first).

include "crc.m";

init(poly: int, reg: int): ref CRCstate
{
	if(poly == 0)
		poly = int 16redb88320;
	table := array[256] of int;
	for(b := 0; b < 256; b++){
		v := b;
		for(k := 0; k < 8; k++){
			low := v & 1;
			v = (v >> 1) & 16r7fffffff;
			if(low)
				v ^= poly;
		}
		table[b] = v;
	}
	return ref CRCstate(0, table, reg);
}

crc(state: ref CRCstate, buf: array of byte, nb: int): int
{
	if(nb > len buf)
		nb = len buf;
	table := state.crctab;
	v := state.crc ^ state.reg;
	for(i := 0; i < nb; i++)
		v = table[(v ^ int buf[i]) & 16rff] ^ ((v >> 8) & 16r00ffffff);
	v ^= state.reg;
	state.crc = v;
	return v;
}

reset(state: ref CRCstate)
{
	state.crc = 0;
}
