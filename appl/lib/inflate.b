implement Filter;

# Inflate: the decompressor for the deflate format (RFC 1951) as a Filter.
# start's param "h" expects a gzip header and trailer (RFC 1952; the
# header's time and file name are sent as Info "mtime N" and "file NAME",
# the trailer's CRC and length checked), "z" a zlib one (RFC 1950, its
# Adler-32 checked), anything else raw deflate data.
#
# Huffman codes of up to FAST bits are decoded by a table indexed by the
# next FAST input bits; longer ones (and those near the end of the input
# read so far) a bit at a time against the count of codes of each length,
# as canonical codes allow.

include "sys.m";
	sys: Sys;

include "filter.m";

include "crc.m";
	crcs: Crc;

WINDOW:	con 32768;		# the history back-references reach into
OUTPUT:	con WINDOW;		# bytes handed over at a time
INPUT:	con 8192;

RAW, GZIP, ZLIB: con iota;

# The lengths and distances of back-references: bases and extra bits.
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
# The order code length code lengths come in, in a dynamic block.
clorder := array[] of {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

FAST:	con 9;

# A canonical Huffman code: how many codes of each length, the symbols in
# order of code, and by the next FAST bits (first bit lowest) the symbol
# they start with and its length (symbol<<4 | length; 0 for a longer one).
Huffman: adt {
	count:	array of int;
	symbol:	array of int;
	fast:	array of int;
};

State: adt {
	c:	chan of ref Rq;
	input:	array of byte;
	pos, end:	int;	# the unread input is input[pos:end]
	bits, nbits:	int;	# bits read ahead, lowest first
	window:	array of byte;	# output, also the history
	wpos:	int;		# bytes in window not yet handed over start at 0
	crc:	ref Crc->CRCstate;
	adler1, adler2:	int;
	total:	int;
};

# Failures are raised as FAILED + why.
FAILED:	con "inflate:";

init()
{
	sys = load Sys Sys->PATH;
	crcs = load Crc Crc->PATH;
	fixedcodes();
}

start(param: string): chan of ref Rq
{
	c := chan of ref Rq;
	kind := RAW;
	if(param != nil)
		case param[0] {
		'h' =>	kind = GZIP;
		'z' =>	kind = ZLIB;
		}
	spawn run(c, kind);
	return c;
}

run(c: chan of ref Rq, kind: int)
{
	s := ref State(c, array[INPUT] of byte, 0, 0, 0, 0, array[WINDOW] of byte, 0, nil, 1, 0, 0);
	if(crcs != nil)
		s.crc = crcs->init(0, int 16rffffffff);
	c <-= ref Rq.Start(sys->pctl(0, nil));
	{
		case kind {
		GZIP =>	gzipheader(s);
		ZLIB =>	zlibheader(s);
		}
		for(;;){
			last := getbits(s, 1);
			block(s);
			if(last)
				break;
		}
		getbits(s, s.nbits % 8);	# to a byte boundary
		emit(s);
		case kind {
		GZIP =>	gziptrailer(s);
		ZLIB =>	zlibtrailer(s);
		}
		# bytes read ahead as bits go back to the input left over
		unused := s.pos - s.nbits/8;
		if(unused < 0)
			unused = 0;
		c <-= ref Rq.Finished(s.input[unused:s.end]);
	} exception e {
	"inflate:*" =>
		c <-= ref Rq.Error(e[len FAILED:]);
	}
}

fail(why: string)
{
	raise FAILED + why;
}

# The next input byte, asking for more input if need be.
getbyte(s: ref State): int
{
	if(s.pos == s.end){
		reply := chan of int;
		s.c <-= ref Rq.Fill(s.input, reply);
		n := <-reply;
		if(n <= 0)
			fail("premature end of stream");
		s.pos = 0;
		s.end = n;
	}
	return int s.input[s.pos++];
}

getbits(s: ref State, n: int): int
{
	while(s.nbits < n){
		s.bits |= getbyte(s) << s.nbits;
		s.nbits += 8;
	}
	v := s.bits & ((1 << n) - 1);
	s.bits = (s.bits >> n) & ((1 << (s.nbits - n)) - 1);
	s.nbits -= n;
	return v;
}

# A byte of a header or trailer, after the deflate data's bits.
headerbyte(s: ref State): int
{
	if(s.nbits >= 8)
		return getbits(s, 8);
	return getbyte(s);
}

# Hands over the output gathered.
emit(s: ref State)
{
	if(s.wpos == 0)
		return;
	out := s.window[0:s.wpos];
	if(s.crc != nil)
		crcs->crc(s.crc, out, len out);
	for(i := 0; i < len out; i++){
		s.adler1 = (s.adler1 + int out[i]) % 65521;
		s.adler2 = (s.adler2 + s.adler1) % 65521;
	}
	s.total += len out;
	reply := chan of int;
	s.c <-= ref Rq.Result(out, reply);
	if(<-reply < 0)
		exit;
}

# Adds a byte of output; the window is handed over when full and kept
# as the history (bytes before wpos, or after it from the last round).
put(s: ref State, b: byte)
{
	s.window[s.wpos++] = b;
	if(s.wpos == WINDOW){
		emit(s);
		s.wpos = 0;
	}
}

# Copies length bytes from distance back.
copy(s: ref State, length, distance: int)
{
	if(distance > s.total + s.wpos)
		fail("corrupt data");
	for(; length > 0; length--){
		from := s.wpos - distance;
		if(from < 0)
			from += WINDOW;
		put(s, s.window[from]);
	}
}

block(s: ref State)
{
	case getbits(s, 2) {
	0 =>
		stored(s);
	1 =>
		codes(s, fixedlit, fixeddist);
	2 =>
		(lit, dist) := dynamiccodes(s);
		codes(s, lit, dist);
	* =>
		fail("bad block type");
	}
}

stored(s: ref State)
{
	getbits(s, s.nbits % 8);	# to a byte boundary
	n := getbits(s, 16);
	if(n != (~getbits(s, 16) & 16rffff))
		fail("corrupted data");
	for(; n > 0; n--)
		put(s, byte getbits(s, 8));
}

decode(s: ref State, h: ref Huffman): int
{
	while(s.nbits < FAST && s.pos < s.end){
		s.bits |= int s.input[s.pos++] << s.nbits;
		s.nbits += 8;
	}
	if(s.nbits >= FAST){
		e := h.fast[s.bits & ((1 << FAST) - 1)];
		if(e != 0){
			n := e & 16rf;
			s.bits = (s.bits >> n) & ((1 << (s.nbits - n)) - 1);
			s.nbits -= n;
			return e >> 4;
		}
	}
	code := 0;	# the bits so far
	first := 0;	# the first code of this length
	index := 0;	# the index of that code's symbol
	for(n := 1; n < len h.count; n++){
		code |= getbits(s, 1);
		count := h.count[n];
		if(code - first < count)
			return h.symbol[index + code - first];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	fail("corrupt data");
	return 0;
}

codes(s: ref State, lit, dist: ref Huffman)
{
	for(;;){
		sym := decode(s, lit);
		if(sym < 256){
			put(s, byte sym);
			continue;
		}
		if(sym == 256)
			return;
		sym -= 257;
		if(sym >= len lengthbase)
			fail("corrupt data");
		length := lengthbase[sym] + getbits(s, lengthextra[sym]);
		d := decode(s, dist);
		if(d >= len distbase)
			fail("corrupt data");
		copy(s, length, distbase[d] + getbits(s, distextra[d]));
	}
}

# The code with the given code lengths; nil if they are too many for the
# lengths (an incomplete code is allowed).
huffman(lengths: array of int): ref Huffman
{
	h := ref Huffman(array[16] of {* => 0}, array[len lengths] of int, array[1 << FAST] of {* => 0});
	for(i := 0; i < len lengths; i++)
		h.count[lengths[i]]++;
	left := 1;
	for(n := 1; n < 16; n++){
		left = (left << 1) - h.count[n];
		if(left < 0)
			return nil;
	}
	offset := array[16] of {* => 0};
	for(n = 1; n < 15; n++)
		offset[n+1] = offset[n] + h.count[n];
	for(i = 0; i < len lengths; i++)
		if(lengths[i] != 0)
			h.symbol[offset[lengths[i]]++] = i;
	h.count[0] = 0;
	# the codes of FAST bits or fewer, in order: reversed, with every
	# ending of the bits after them
	code := 0;
	k := 0;
	for(n = 1; n <= FAST; n++){
		for(j := 0; j < h.count[n]; j++){
			r := 0;
			for(b := 0; b < n; b++)
				r |= ((code >> b) & 1) << (n - 1 - b);
			for(f := 0; f < (1 << (FAST - n)); f++)
				h.fast[r | (f << n)] = (h.symbol[k] << 4) | n;
			code++;
			k++;
		}
		code <<= 1;
	}
	return h;
}

fixedlit, fixeddist: ref Huffman;

fixedcodes()
{
	l := array[288] of int;
	for(i := 0; i < 144; i++)
		l[i] = 8;
	for(; i < 256; i++)
		l[i] = 9;
	for(; i < 280; i++)
		l[i] = 7;
	for(; i < 288; i++)
		l[i] = 8;
	fixedlit = huffman(l);
	fixeddist = huffman(array[30] of {* => 5});
}

dynamiccodes(s: ref State): (ref Huffman, ref Huffman)
{
	nlit := getbits(s, 5) + 257;
	ndist := getbits(s, 5) + 1;
	nclen := getbits(s, 4) + 4;
	if(nlit > 286 || ndist > 30)
		fail("corrupt length table");
	cl := array[19] of {* => 0};
	for(i := 0; i < nclen; i++)
		cl[clorder[i]] = getbits(s, 3);
	clcode := huffman(cl);
	if(clcode == nil)
		fail("corrupt length table");
	lengths := array[nlit + ndist] of {* => 0};
	for(i = 0; i < nlit + ndist; ){
		sym := decode(s, clcode);
		if(sym < 16){
			lengths[i++] = sym;
			continue;
		}
		repeat := 0;
		value := 0;
		case sym {
		16 =>
			if(i == 0)
				fail("corrupt length table");
			value = lengths[i-1];
			repeat = 3 + getbits(s, 2);
		17 =>
			repeat = 3 + getbits(s, 3);
		* =>
			repeat = 11 + getbits(s, 7);
		}
		if(i + repeat > nlit + ndist)
			fail("corrupt length table");
		for(; repeat > 0; repeat--)
			lengths[i++] = value;
	}
	if(lengths[256] == 0)
		fail("corrupt length table");
	lit := huffman(lengths[0:nlit]);
	dist := huffman(lengths[nlit:]);
	if(lit == nil || dist == nil)
		fail("corrupt length table");
	return (lit, dist);
}

gzipheader(s: ref State)
{
	if(getbyte(s) != 16r1f || getbyte(s) != 16r8b)
		fail("not a gzip file");
	if(getbyte(s) != 8)
		fail("not compressed with deflate");
	flags := getbyte(s);
	if(flags & ~16r1f)
		fail("reserved flag bits set");
	mtime := 0;
	for(i := 0; i < 4; i++)
		mtime |= getbyte(s) << (8*i);
	s.c <-= ref Rq.Info("mtime " + string mtime);
	getbyte(s);	# extra flags
	getbyte(s);	# operating system
	if(flags & 16r04){
		n := getbyte(s);
		n |= getbyte(s) << 8;
		for(; n > 0; n--)
			getbyte(s);
	}
	if(flags & 16r08){
		name := "";
		while((c := getbyte(s)) != 0)
			name[len name] = c;
		s.c <-= ref Rq.Info("file " + name);
	}
	if(flags & 16r10)
		while(getbyte(s) != 0)
			;
	if(flags & 16r02){
		getbyte(s);
		getbyte(s);
	}
}

gziptrailer(s: ref State)
{
	sum := word(s);
	if(s.crc != nil && s.crc.crc != sum)
		fail(sys->sprint("crc mismatch: computed %ux, expected %ux", s.crc.crc, sum));
	n := word(s);
	if(s.total != n)
		fail(sys->sprint("byte count mismatch: computed %d, expected %d", s.total, n));
}

# A little-endian 32-bit word of a trailer.
word(s: ref State): int
{
	w := 0;
	for(i := 0; i < 4; i++)
		w |= headerbyte(s) << (8*i);
	return w;
}

zlibheader(s: ref State)
{
	h := getbyte(s) << 8;
	h |= getbyte(s);
	if(h % 31 != 0)
		fail("invalid zlib header");
	if(h & (1<<5))
		fail("preset dictionary not supported");
	if(((h >> 8) & 16rf) != 8)
		fail("zlib compression method not deflate");
}

zlibtrailer(s: ref State)
{
	sum := big 0;
	for(i := 0; i < 4; i++)
		sum = (sum << 8) | big headerbyte(s);
	computed := (big s.adler2 << 16) | big s.adler1;
	if(sum != computed)
		fail(sys->sprint("adler32 mismatch: computed %bux, expected %bux", computed, sum));
}
