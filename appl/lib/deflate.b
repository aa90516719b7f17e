implement Filter;

# Deflate: a compressor to the deflate format (RFC 1951) as a Filter.
# start's param holds a level 0 to 9 (6 by default; 0 stores the data
# without compressing it), "h" for a gzip header and trailer (RFC 1952:
# no name, time 0, Unix), "z" for zlib framing (RFC 1950).
#
# Compression is greedy LZ77 over a 32K window with hash chains (longer
# chains searched at higher levels), written with the fixed Huffman codes,
# one block per buffer of input. The original's output uses dynamic codes
# and lazy matching, so the bytes differ from it though they decompress
# the same.

include "sys.m";
	sys: Sys;

include "filter.m";

include "crc.m";
	crcs: Crc;

WSIZE:	con 32768;
WMASK:	con WSIZE - 1;
BUFSIZE:	con 2*WSIZE;
MINMATCH:	con 3;
MAXMATCH:	con 258;
HASHBITS:	con 15;
OUTSIZE:	con 16384;

lengthbase := array[] of {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
lengthextra := array[] of {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
distbase := array[] of {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577};
distextra := array[] of {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

RAW, GZIP, ZLIB: con iota;

State: adt {
	c:	chan of ref Rq;
	level:	int;
	buf:	array of byte;	# the window and the input ahead
	start, end:	int;	# compressed up to start; read up to end
	eof:	int;
	head:	array of int;	# by hash: the latest position + 1
	prev:	array of int;	# by position & WMASK: the one before + 1
	out:	array of byte;
	nout:	int;
	bits, nbits:	int;
	crc:	ref Crc->CRCstate;
	adler1, adler2:	int;
	total:	int;
};

init()
{
	sys = load Sys Sys->PATH;
	crcs = load Crc Crc->PATH;
}

start(param: string): chan of ref Rq
{
	level := 6;
	kind := RAW;
	for(i := 0; i < len param; i++)
		case param[i] {
		'0' to '9' =>	level = param[i] - '0';
		'h' =>	kind = GZIP;
		'z' =>	kind = ZLIB;
		}
	c := chan of ref Rq;
	spawn run(c, level, kind);
	return c;
}

run(c: chan of ref Rq, level, kind: int)
{
	s := ref State(c, level, array[BUFSIZE + MAXMATCH] of byte, 0, 0, 0,
		array[1 << HASHBITS] of {* => 0}, array[WSIZE] of {* => 0},
		array[OUTSIZE + 8] of byte, 0, 0, 0, nil, 1, 0, 0);
	if(crcs != nil)
		s.crc = crcs->init(0, int 16rffffffff);
	c <-= ref Rq.Start(sys->pctl(0, nil));
	case kind {
	GZIP =>
		header := array[] of {byte 16r1f, byte 16r8b, byte 8, byte 0,
			byte 0, byte 0, byte 0, byte 0, byte 0, byte 3};
		for(i := 0; i < len header; i++)
			putbyte(s, int header[i]);
	ZLIB =>
		putbyte(s, 16r78);
		putbyte(s, 16r9c);
	}
	while(fill(s)){
		if(level == 0)
			stored(s, 0);
		else
			compress(s, 0);
	}
	if(level == 0)
		stored(s, 1);
	else
		compress(s, 1);
	flushbits(s);
	case kind {
	GZIP =>
		v := 0;
		if(s.crc != nil)
			v = s.crc.crc;
		word(s, v);
		word(s, s.total);
	ZLIB =>
		v := (s.adler2 << 16) | s.adler1;
		for(k := 24; k >= 0; k -= 8)
			putbyte(s, (v >> k) & 16rff);
	}
	emit(s);
	c <-= ref Rq.Finished(nil);
}

word(s: ref State, v: int)
{
	for(k := 0; k < 32; k += 8)
		putbyte(s, (v >> k) & 16rff);
}

# Reads more input into the buffer, sliding the window first if need be;
# 0 at the end of the input.
fill(s: ref State): int
{
	if(s.eof)
		return 0;
	if(s.end == BUFSIZE){
		s.buf[0:] = s.buf[WSIZE:BUFSIZE];
		s.start -= WSIZE;
		s.end -= WSIZE;
		for(i := 0; i < len s.head; i++)
			s.head[i] = slide(s.head[i]);
		for(i = 0; i < len s.prev; i++)
			s.prev[i] = slide(s.prev[i]);
	}
	reply := chan of int;
	s.c <-= ref Rq.Fill(s.buf[s.end:BUFSIZE], reply);
	n := <-reply;
	if(n <= 0){
		s.eof = 1;
		return 0;
	}
	chunk := s.buf[s.end:s.end + n];
	if(s.crc != nil)
		crcs->crc(s.crc, chunk, n);
	for(i := 0; i < n; i++){
		s.adler1 = (s.adler1 + int chunk[i]) % 65521;
		s.adler2 = (s.adler2 + s.adler1) % 65521;
	}
	s.total += n;
	s.end += n;
	return 1;
}

slide(p: int): int
{
	if(p > WSIZE)
		return p - WSIZE;
	return 0;
}

putbyte(s: ref State, b: int)
{
	s.out[s.nout++] = byte b;
	if(s.nout >= OUTSIZE)
		emit(s);
}

emit(s: ref State)
{
	if(s.nout == 0)
		return;
	reply := chan of int;
	s.c <-= ref Rq.Result(s.out[0:s.nout], reply);
	if(<-reply < 0)
		exit;
	s.out = array[OUTSIZE + 8] of byte;
	s.nout = 0;
}

putbits(s: ref State, v, n: int)
{
	s.bits |= v << s.nbits;
	s.nbits += n;
	while(s.nbits >= 8){
		putbyte(s, s.bits & 16rff);
		s.bits >>= 8;
		s.nbits -= 8;
	}
}

flushbits(s: ref State)
{
	if(s.nbits > 0)
		putbyte(s, s.bits & 16rff);
	s.bits = s.nbits = 0;
}

# A Huffman code of n bits, most significant bit first.
putcode(s: ref State, code, n: int)
{
	r := 0;
	for(i := 0; i < n; i++)
		r |= ((code >> i) & 1) << (n - 1 - i);
	putbits(s, r, n);
}

literal(s: ref State, c: int)
{
	if(c < 144)
		putcode(s, 16r30 + c, 8);
	else if(c < 256)
		putcode(s, 16r190 + c - 144, 9);
	else if(c < 280)
		putcode(s, c - 256, 7);
	else
		putcode(s, 16rc0 + c - 280, 8);
}

reference(s: ref State, length, distance: int)
{
	i := len lengthbase - 1;
	while(lengthbase[i] > length)
		i--;
	literal(s, 257 + i);
	putbits(s, length - lengthbase[i], lengthextra[i]);
	j := len distbase - 1;
	while(distbase[j] > distance)
		j--;
	putcode(s, j, 5);
	putbits(s, distance - distbase[j], distextra[j]);
}

stored(s: ref State, final: int)
{
	while(s.start < s.end || final){
		n := s.end - s.start;
		if(n > 65535)
			n = 65535;
		putbits(s, final && n == s.end - s.start, 1);
		putbits(s, 0, 2);
		flushbits(s);
		putbyte(s, n & 16rff);
		putbyte(s, n >> 8);
		putbyte(s, ~n & 16rff);
		putbyte(s, (~n >> 8) & 16rff);
		for(i := 0; i < n; i++)
			putbyte(s, int s.buf[s.start + i]);
		s.start += n;
		if(final && s.start == s.end)
			return;
	}
}

hash(s: ref State, p: int): int
{
	b := s.buf;
	return ((int b[p] << 10) ^ (int b[p+1] << 5) ^ int b[p+2]) & ((1 << HASHBITS) - 1);
}

# Compresses the input read so far as one block with the fixed codes,
# keeping MAXMATCH bytes back for the next unless this is the last.
compress(s: ref State, final: int)
{
	limit := s.end;
	if(!final)
		limit -= MAXMATCH;
	if(limit <= s.start && !final)
		return;
	putbits(s, final, 1);
	putbits(s, 1, 2);
	chain := 4 << (s.level / 2);
	p := s.start;
	while(p < limit){
		length := 0;
		distance := 0;
		if(p + MINMATCH <= s.end){
			h := hash(s, p);
			most := s.end - p;
			if(most > MAXMATCH)
				most = MAXMATCH;
			for(q := s.head[h] - 1; q >= 0 && p - q <= WSIZE && chain > 0 && length < most; q = s.prev[q & WMASK] - 1){
				n := 0;
				while(n < most && s.buf[q + n] == s.buf[p + n])
					n++;
				if(n > length){
					length = n;
					distance = p - q;
				}
				chain--;
				if(s.prev[q & WMASK] - 1 >= q)
					break;
			}
			chain = 4 << (s.level / 2);
		}
		if(length >= MINMATCH){
			reference(s, length, distance);
			for(k := 0; k < length; k++)
				remember(s, p + k);
			p += length;
		}else{
			literal(s, int s.buf[p]);
			remember(s, p);
			p++;
		}
	}
	literal(s, 256);
	s.start = p;
}

# Enters position p in the hash chains.
remember(s: ref State, p: int)
{
	if(p + MINMATCH > s.end)
		return;
	h := hash(s, p);
	s.prev[p & WMASK] = s.head[h];
	s.head[h] = p + 1;
}
