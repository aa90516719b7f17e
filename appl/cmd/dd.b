implement Dd;

# dd [-option value] ...: copy standard input (or -if file) to standard
# output (or -of file, created), in blocks, converting on the way.
#	-ibs n -obs n -bs n	input, output, both block sizes (512); with
#				-bs and no conversion each block read is
#				written as it is
#	-cbs n			record size for block and unblock
#	-skip n			read n input blocks first
#	-iseek n -oseek n (-seek)	seek n blocks on input or output
#	-count n		copy only n input blocks
#	-files n		copy until n ends of input
#	-conv c,...		lcase, ucase, swab (pairs of bytes), noerror
#				(go on after read errors), sync (pad input
#				blocks to ibs with zeros), block (lines to
#				records of cbs bytes, blank-padded),
#				unblock (records to lines, trailing blanks
#				dropped)
# Numbers may end in k (×1024) or b (×512) and be products (2x512).
# At the end the counts of full+partial blocks read and written are
# printed on standard error, and any records block truncated. The EBCDIC
# conversions (ascii, ebcdic, ibm) of the original are not here; they,
# and any other unknown conversion, are refused with fail:arg.

include "sys.m";
	sys: Sys;

include "draw.m";

Dd: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

LIMIT:	con 2147483647;

# Conversions.
PLAIN, CASES, BLOCK, UNBLOCK: con iota;
LCASE, UCASE, SWAB, NOERROR, SYNC: con 1<<iota;

stderr: ref Sys->FD;
conversion := PLAIN;
flags := 0;
cbs := 0;
in, out: ref Sys->FD;
obuf: array of byte;
obc := 0;		# bytes in obuf
fullin, partin, fullout, partout, truncated: int;
column := 0;		# bytes of the current record
blanks := 0;		# blanks held back by unblock

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	ibs := 512;
	obs := 512;
	bs := 0;
	skip, iseek, oseek, count: int;
	files := 1;
	ifile, ofile: string;
	if(argv != nil)
		argv = tl argv;
	for(; argv != nil; argv = tl tl argv){
		key := hd argv;
		if(tl argv == nil){
			sys->fprint(stderr, "dd: arg %s needs a value\n", key);
			raise "fail:arg";
		}
		v := hd tl argv;
		case key {
		"-ibs" =>	ibs = number(v);
		"-obs" =>	obs = number(v);
		"-cbs" =>	cbs = number(v);
		"-bs" =>	bs = number(v);
		"-if" =>	ifile = v;
		"-of" =>	ofile = v;
		"-skip" =>	skip = number(v);
		"-seek" or "-oseek" =>	oseek = number(v);
		"-iseek" =>	iseek = number(v);
		"-count" =>	count = number(v);
		"-files" =>	files = number(v);
		"-conv" =>	conversions(v);
		* =>
			sys->fprint(stderr, "dd: bad arg: %s\n", key);
			raise "fail:arg";
		}
	}
	if(conversion == PLAIN && (flags & (LCASE|UCASE)))
		conversion = CASES;
	if(ifile != nil)
		in = sys->open(ifile, Sys->OREAD);
	else
		in = sys->fildes(0);
	if(in == nil){
		sys->fprint(stderr, "dd: open %s: %r\n", ifile);
		raise "fail:open";
	}
	if(ofile != nil){
		out = sys->create(ofile, Sys->OWRITE, 8r664);
		if(out == nil){
			sys->fprint(stderr, "dd: create %s: %r\n", ofile);
			raise "fail:create";
		}
	}else
		out = sys->fildes(1);
	if(bs)
		ibs = obs = bs;
	if(ibs == 0 || obs == 0){
		sys->fprint(stderr, "dd: counts: cannot be zero\n");
		raise "fail:counts";
	}
	blockwise := ibs == obs && conversion == PLAIN;
	ibuf := array[ibs] of byte;
	obuf = array[obs] of byte;
	sys->seek(out, big obs * big oseek, Sys->SEEKRELA);
	sys->seek(in, big ibs * big iseek, Sys->SEEKRELA);
	for(; skip > 0; skip--)
		sys->read(in, ibuf, ibs);
	for(;;){
		n := 0;
		if(count == 0 || fullin + partin != count){
			if(flags & (NOERROR|SYNC))
				for(i := 0; i < ibs; i++)
					ibuf[i] = byte 0;
			n = sys->read(in, ibuf, ibs);
		}
		if(n < 0){
			sys->fprint(stderr, "read: %r\n");
			if((flags & NOERROR) == 0)
				break;
			n = 0;
			for(i := 0; i < ibs; i++)
				if(ibuf[i] != byte 0)
					n = i;
			stats();
		}
		if(n == 0 && --files <= 0)
			break;
		if(n != ibs){
			partin++;
			if(flags & SYNC)
				n = ibs;
		}else
			fullin++;
		if(flags & SWAB){
			# as in the original, an even number of pairs, so the
			# last pair of 6 bytes stays
			pairs := (n >> 1) & ~1;
			for(i := 0; i < 2*pairs; i += 2)
				(ibuf[i], ibuf[i+1]) = (ibuf[i+1], ibuf[i]);
		}
		if(blockwise){
			obuf[0:] = ibuf[0:n];
			obc = n;
			if(!flush())
				break;
			continue;
		}
		for(i := 0; i < n; i++)
			if(!convert(int ibuf[i]))
				break;
	}
	flush();
	stats();
}

stats()
{
	sys->fprint(stderr, "%ud+%ud records in\n", fullin, partin);
	sys->fprint(stderr, "%ud+%ud records out\n", fullout, partout);
	if(truncated)
		sys->fprint(stderr, "%ud truncated records\n", truncated);
}

conversions(v: string)
{
	(nil, words) := sys->tokenize(v, ",");
	for(; words != nil; words = tl words)
		case hd words {
		"block" =>	conversion = BLOCK;
		"unblock" =>	conversion = UNBLOCK;
		"lcase" =>	flags |= LCASE;
		"ucase" =>	flags |= UCASE;
		"swab" =>	flags |= SWAB;
		"noerror" =>	flags |= NOERROR;
		"sync" =>	flags |= SYNC;
		* =>
			sys->fprint(stderr, "dd: bad conv: %s\n", hd words);
			raise "fail:arg";
		}
}

# A count: digits, then any of k (×1024) and b (×512), or x and another
# count to multiply by.
number(s: string): int
{
	n := big 0;
	i := 0;
	for(; i < len s && s[i] >= '0' && s[i] <= '9'; i++){
		n = n*big 10 + big (s[i] - '0');
		if(n >= big LIMIT)
			break;
	}
	for(; i < len s && n < big LIMIT; i++)
		case s[i] {
		'k' =>	n *= big 1024;
		'b' =>	n *= big 512;
		'x' =>
			n *= big number(s[i+1:]);
			i = len s;
		}
	if(n >= big LIMIT || n < big 0){
		sys->fprint(stderr, "dd: argument out of range\n");
		raise "fail:range";
	}
	return int n;
}

# Writes what is in the output buffer; 0 if the write failed.
flush(): int
{
	if(obc == 0)
		return 1;
	if(obc == len obuf)
		fullout++;
	else
		partout++;
	n := sys->write(out, obuf, obc);
	if(n != obc){
		sys->fprint(stderr, "write: %r\n");
		obc = 0;
		return 0;
	}
	obc = 0;
	return 1;
}

put(c: int): int
{
	obuf[obc++] = byte c;
	if(obc == len obuf)
		return flush();
	return 1;
}

cased(c: int): int
{
	if((flags & UCASE) && c >= 'a' && c <= 'z')
		c += 'A' - 'a';
	if((flags & LCASE) && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

convert(c: int): int
{
	case conversion {
	BLOCK =>
		if(cbs == 0)
			return put(cased(c));
		if(c == '\n'){
			for(; column < cbs; column++)
				if(!put(' '))
					return 0;
			column = 0;
			return 1;
		}
		if(column == cbs)
			truncated++;
		column++;
		if(column <= cbs)
			return put(cased(c));
		return 1;
	UNBLOCK =>
		if(cbs == 0)
			return put(cased(c));
		if(c == ' ')
			blanks++;
		else{
			for(; blanks > 0; blanks--)
				if(!put(' '))
					return 0;
			if(!put(cased(c)))
				return 0;
		}
		if(++column >= cbs){
			column = 0;
			blanks = 0;
			return put('\n');
		}
		return 1;
	}
	return put(cased(c));
}
