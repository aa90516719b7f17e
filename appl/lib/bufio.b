implement Bufio;

# Buffered I/O. An Iobuf is either reading or writing (lastop says which):
#   reading: buffer[0:size] are the file's bytes from offset bufpos, and
#            buffer[index] is the next one to return;
#   writing: buffer[0:size] are bytes to be written at offset bufpos, and
#            index is where the next byte goes; dirty says size > 0.
# filpos is the descriptor's own offset, so a seek is only needed when the
# two disagree. Buffers made by sopen and aopen have no descriptor; they
# read their array, or whatever a BufioFill module set by setfill supplies.

include "sys.m";
	sys: Sys;

include "bufio.m";

Bufsize: con Sys->ATOMICIO;

# The fill modules given to setfill, with the buffers they serve.
Fillers: adt {
	iob:	ref Iobuf;
	fill:	BufioFill;
};
fillers: list of Fillers;

newiobuf(fd: ref Sys->FD, mode: int, pos: big): ref Iobuf
{
	return ref Iobuf(fd, array[Bufsize+Sys->UTFmax] of byte, 0, 0, 0, pos, pos, mode, mode);
}

open(name: string, mode: int): ref Iobuf
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	fd := sys->open(name, mode);
	if(fd == nil)
		return nil;
	return newiobuf(fd, mode, big 0);
}

create(name: string, mode, perm: int): ref Iobuf
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	fd := sys->create(name, mode, perm);
	if(fd == nil)
		return nil;
	return newiobuf(fd, mode, big 0);
}

fopen(fd: ref Sys->FD, mode: int): ref Iobuf
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	pos := sys->seek(fd, big 0, Sys->SEEKRELA);
	if(pos < big 0)
		pos = big 0;
	return newiobuf(fd, mode, pos);
}

sopen(input: string): ref Iobuf
{
	return aopen(array of byte input);
}

aopen(input: array of byte): ref Iobuf
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	return ref Iobuf(nil, input, 0, len input, 0, big 0, big 0, OREAD, OREAD);
}

fillerof(b: ref Iobuf): BufioFill
{
	for(l := fillers; l != nil; l = tl l)
		if((hd l).iob == b)
			return (hd l).fill;
	return nil;
}

dropfiller(b: ref Iobuf)
{
	kept: list of Fillers;
	for(l := fillers; l != nil; l = tl l)
		if((hd l).iob != b)
			kept = hd l :: kept;
	fillers = kept;
}

Iobuf.setfill(b: self ref Iobuf, f: BufioFill)
{
	dropfiller(b);
	fillers = Fillers(b, f) :: fillers;
}

# Move the unread bytes to the front of the buffer and read more after
# them. Returns the number of bytes added, EOF or ERROR.
refill(b: ref Iobuf): int
{
	f: BufioFill;
	if(b.fd == nil && (f = fillerof(b)) == nil)
		return EOF;	# an aopen or sopen buffer holds all there is
	if(b.index > 0){
		b.buffer[0:] = b.buffer[b.index:b.size];
		b.bufpos += big b.index;
		b.size -= b.index;
		b.index = 0;
	}
	if(f != nil){
		n := f->fill(b);
		if(n == EOF)
			dropfiller(b);
		return n;
	}
	end := b.bufpos + big b.size;
	if(b.filpos != end){
		if(sys->seek(b.fd, end, Sys->SEEKSTART) != end)
			return ERROR;
		b.filpos = end;
	}
	room := len b.buffer - b.size;
	if(room > Bufsize)
		room = Bufsize;
	if(room <= 0)
		return ERROR;
	n := sys->read(b.fd, b.buffer[b.size:], room);
	if(n < 0)
		return ERROR;
	if(n == 0)
		return EOF;
	b.size += n;
	b.filpos += big n;
	return n;
}

# Write out everything buffered for output.
drain(b: ref Iobuf): int
{
	if(b.size == 0){
		b.dirty = 0;
		return 0;
	}
	if(b.fd == nil)
		return ERROR;
	if(b.filpos != b.bufpos){
		if(sys->seek(b.fd, b.bufpos, Sys->SEEKSTART) != b.bufpos)
			return ERROR;
		b.filpos = b.bufpos;
	}
	if(sys->write(b.fd, b.buffer, b.size) != b.size)
		return ERROR;
	b.filpos += big b.size;
	b.bufpos = b.filpos;
	b.size = b.index = b.dirty = 0;
	return 0;
}

# Make b a reading buffer; 0 or ERROR.
forreading(b: ref Iobuf): int
{
	if(b.lastop == OREAD)
		return 0;
	if(b.mode == OWRITE)
		return ERROR;
	if(b.dirty && drain(b) < 0)
		return ERROR;
	b.bufpos += big b.index;
	b.size = b.index = 0;
	b.lastop = OREAD;
	return 0;
}

# Make b a writing buffer, positioned where reading had got to; 0 or ERROR.
forwriting(b: ref Iobuf): int
{
	if(b.lastop == OWRITE)
		return 0;
	if(b.mode == OREAD)
		return ERROR;
	b.bufpos += big b.index;
	b.size = b.index = 0;
	b.lastop = OWRITE;
	return 0;
}

Iobuf.flush(b: self ref Iobuf): int
{
	if(b.fd == nil)
		return ERROR;
	if(b.lastop == OREAD){
		# forget what was read ahead
		b.bufpos = b.filpos;
		b.size = b.index = 0;
		return 0;
	}
	return drain(b);
}

Iobuf.close(b: self ref Iobuf)
{
	if(b.fd != nil && b.dirty)
		drain(b);
	dropfiller(b);
	b.fd = nil;
	b.buffer = nil;
	b.size = b.index = b.dirty = 0;
}

Iobuf.offset(b: self ref Iobuf): big
{
	return b.bufpos + big b.index;
}

Iobuf.seek(b: self ref Iobuf, n: big, where: int): big
{
	case where {
	SEEKSTART =>
		;
	SEEKRELA =>
		n += b.offset();
		where = SEEKSTART;
	SEEKEND =>
		if(b.fd == nil){
			n += b.bufpos + big b.size;
			where = SEEKSTART;
		}
	* =>
		return big ERROR;
	}
	if(where == SEEKSTART && b.lastop == OREAD && b.bufpos <= n && n <= b.bufpos + big b.size){
		b.index = int (n - b.bufpos);
		return n;
	}
	if(b.fd == nil || b.dirty && drain(b) < 0)
		return big ERROR;
	pos := sys->seek(b.fd, n, where);
	if(pos < big 0)
		return big ERROR;
	b.bufpos = b.filpos = pos;
	b.size = b.index = 0;
	return pos;
}

Iobuf.read(b: self ref Iobuf, a: array of byte, n: int): int
{
	if(forreading(b) < 0)
		return ERROR;
	if(n > len a)
		n = len a;
	got := 0;
	while(got < n){
		if(b.index == b.size){
			r := refill(b);
			if(r < 0){
				if(r == ERROR && got == 0)
					return ERROR;
				break;
			}
		}
		k := b.size - b.index;
		if(k > n - got)
			k = n - got;
		a[got:] = b.buffer[b.index:b.index+k];
		b.index += k;
		got += k;
	}
	return got;
}

Iobuf.getb(b: self ref Iobuf): int
{
	if(forreading(b) < 0)
		return ERROR;
	if(b.index == b.size && (r := refill(b)) < 0)
		return r;
	return int b.buffer[b.index++];
}

Iobuf.ungetb(b: self ref Iobuf): int
{
	if(b.lastop != OREAD || b.index == 0)
		return ERROR;
	b.index--;
	return 1;
}

Iobuf.getc(b: self ref Iobuf): int
{
	if(forreading(b) < 0)
		return ERROR;
	for(;;){
		if(b.index < b.size){
			c := int b.buffer[b.index];
			if(c < 16r80){
				b.index++;
				return c;
			}
			(r, n, nil) := sys->byte2char(b.buffer[0:b.size], b.index);
			if(n > 0){
				b.index += n;
				return r;
			}
		}
		e := refill(b);
		if(e < 0){
			if(e == EOF && b.index < b.size){
				# a sequence cut short by the end of the file
				b.index++;
				return Sys->UTFerror;
			}
			return e;
		}
	}
}

Iobuf.ungetc(b: self ref Iobuf): int
{
	if(b.lastop != OREAD || b.index == 0)
		return ERROR;
	for(i := b.index-1; i >= 0 && i >= b.index-Sys->UTFmax; i--){
		(nil, n, ok) := sys->byte2char(b.buffer[0:b.size], i);
		if(ok && i+n == b.index){
			b.index = i;
			return 1;
		}
	}
	b.index--;
	return 1;
}

# Text up to and including the first character sep, or to the end of the
# input; nil when nothing is left.
Iobuf.gets(b: self ref Iobuf, sep: int): string
{
	if(forreading(b) < 0)
		return nil;
	s: string;
	for(;;){
		start := b.index;
		while(b.index < b.size){
			c := int b.buffer[b.index];
			n := 1;
			if(c >= 16r80){
				(c, n, nil) = sys->byte2char(b.buffer[0:b.size], b.index);
				if(n == 0)
					break;
			}
			b.index += n;
			if(c == sep){
				s += string b.buffer[start:b.index];
				return s;
			}
		}
		s += string b.buffer[start:b.index];
		if(refill(b) < 0){
			if(b.index < b.size){
				s += string b.buffer[b.index:b.size];
				b.index = b.size;
			}
			return s;
		}
	}
}

# Like gets, but stops after any of the characters of seps.
Iobuf.gett(b: self ref Iobuf, seps: string): string
{
	s: string;
	while((c := b.getc()) >= 0){
		s[len s] = c;
		for(i := 0; i < len seps; i++)
			if(c == seps[i])
				return s;
	}
	return s;
}

Iobuf.write(b: self ref Iobuf, a: array of byte, n: int): int
{
	if(forwriting(b) < 0)
		return ERROR;
	if(n > len a)
		n = len a;
	done := 0;
	while(done < n){
		if(b.index == Bufsize && drain(b) < 0)
			return ERROR;
		k := Bufsize - b.index;
		if(k > n - done)
			k = n - done;
		b.buffer[b.index:] = a[done:done+k];
		b.index += k;
		done += k;
		if(b.index > b.size)
			b.size = b.index;
		b.dirty = 1;
	}
	if(b.size >= Bufsize && drain(b) < 0)
		return ERROR;
	return n;
}

# Room for at least one encoded character at index.
makeroom(b: ref Iobuf): int
{
	if(b.index + Sys->UTFmax > Bufsize)
		return drain(b);
	return 0;
}

Iobuf.putb(b: self ref Iobuf, c: byte): int
{
	if(forwriting(b) < 0 || makeroom(b) < 0)
		return ERROR;
	b.buffer[b.index++] = c;
	if(b.index > b.size)
		b.size = b.index;
	b.dirty = 1;
	return 0;
}

Iobuf.putc(b: self ref Iobuf, c: int): int
{
	if(forwriting(b) < 0 || makeroom(b) < 0)
		return ERROR;
	if(c < 16r80)
		b.buffer[b.index++] = byte c;
	else
		b.index += sys->char2byte(c, b.buffer, b.index);
	if(b.index > b.size)
		b.size = b.index;
	b.dirty = 1;
	return 0;
}

Iobuf.puts(b: self ref Iobuf, s: string): int
{
	if(forwriting(b) < 0)
		return ERROR;
	for(i := 0; i < len s; i++){
		if(makeroom(b) < 0)
			return ERROR;
		c := s[i];
		if(c < 16r80)
			b.buffer[b.index++] = byte c;
		else
			b.index += sys->char2byte(c, b.buffer, b.index);
		if(b.index > b.size)
			b.size = b.index;
		b.dirty = 1;
	}
	return len s;
}
