implement Cal;

# cal [month] [year]: print a calendar of a month, or with a single
# argument over 12, of a whole year (1 to 9999). A month is a number or a
# lower-case name or its first three letters ("sept" too); missing ones
# are the current month and year. The calendar is Britain's: Julian until
# September 1752, which lost the 3rd to the 13th, Gregorian after.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "daytime.m";
	daytime: Daytime;

Cal: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

WEEKDAYS:	con " S  M Tu  W Th  F  S";

months := array[] of {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	daytime = load Daytime Daytime->PATH;
	if(bufio == nil || daytime == nil){
		sys->fprint(sys->fildes(2), "cal: cannot load modules: %r\n");
		raise "fail:bad module";
	}
	if(len argv > 3){
		sys->fprint(sys->fildes(2), "usage: cal [month] [year]\n");
		raise "fail:usage";
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	now := daytime->local(daytime->now());
	case len argv {
	0 or 1 =>
		month(now.mon + 1, now.year + 1900);
	2 =>
		n := number(hd tl argv);
		if(n >= 1 && n <= 12)
			month(n, now.year + 1900);
		else
			year(n);
	3 =>
		month(number(hd tl argv), number(hd tl tl argv));
	}
	out.flush();
}

bad()
{
	sys->fprint(sys->fildes(2), "cal: bad argument\n");
	raise "fail:bad argument";
}

names := array[] of {
	("january", 1), ("february", 2), ("march", 3), ("april", 4),
	("may", 5), ("june", 6), ("july", 7), ("august", 8), ("sept", 9),
	("september", 9), ("october", 10), ("november", 11), ("december", 12),
};

# A decimal number or the number of a month's name.
number(s: string): int
{
	if(len s >= 3)
		for(k := 0; k < len names; k++){
			(name, n) := names[k];
			if(s == name || s == name[0:3])
				return n;
		}
	n := 0;
	for(i := 0; i < len s; i++){
		if(s[i] < '0' || s[i] > '9')
			bad();
		n = n*10 + s[i] - '0';
	}
	return n;
}

month(m, y: int)
{
	if(m < 1 || m > 12 || y < 1 || y > 9999)
		bad();
	out.puts(sys->sprint("   %s %d\n", months[m-1], y));
	out.puts(WEEKDAYS + "\n");
	weeks := weeks(m, y);
	for(i := 0; i < len weeks; i++)
		out.puts(weeks[i] + "\n");
}

year(y: int)
{
	if(y < 1 || y > 9999)
		bad();
	out.puts(sys->sprint("\n\n\n%32s%d\n\n", "", y));
	for(m := 1; m <= 12; m += 3){
		out.puts(sys->sprint("%9s%.3s%20s%.3s%20s%.3s\n", "", months[m-1], "", months[m], "", months[m+1]));
		out.puts(WEEKDAYS + "   " + WEEKDAYS + "   " + WEEKDAYS + "\n");
		w := array[3] of array of string;
		for(k := 0; k < 3; k++)
			w[k] = weeks(m + k, y);
		for(row := 0; row < 6; row++){
			s := "";
			for(k = 0; k < 3; k++)
				s += sys->sprint("%-20.20s   ", w[k][row]);
			e := len s;
			while(e > 0 && s[e-1] == ' ')
				e--;
			out.puts(s[0:e] + "\n");
		}
	}
}

# The weekday (0 is Sunday) of the first of January of year y.
newyear(y: int): int
{
	d := 4 + y + (y + 3)/4;		# Julian: a leap year every four
	if(y > 1800)
		d += (y - 1601)/400 - (y - 1701)/100;	# Gregorian centuries
	if(y > 1752)
		d += 3;			# the days skipped in 1752
	return d % 7;
}

# The days in month m of year y; September 1752 had 19.
length(m, y: int): int
{
	case m {
	4 or 6 or 11 =>
		return 30;
	9 =>
		if(y == 1752)
			return 19;
		return 30;
	2 =>
		if((newyear(y+1) + 7 - newyear(y)) % 7 == 1)
			return 28;
		return 29;
	}
	return 31;
}

# The six lines of weeks of month m of year y (empty ones nil).
weeks(m, y: int): array of string
{
	day := newyear(y);
	for(i := 1; i < m; i++)
		day += length(i, y);
	day %= 7;
	lines := array[6] of string;
	n := 0;
	s := "";
	for(i = 0; i < day; i++)
		s += "   ";
	last := length(m, y);
	for(date := 1; date <= last; date++){
		if(last == 19 && date == 3){
			date += 11;
			last += 11;
		}
		s += sys->sprint("%2d", date);
		if(++day == 7){
			day = 0;
			lines[n++] = s;
			s = "";
		}else
			s[len s] = ' ';
	}
	if(s != nil){
		e := len s;
		while(s[e-1] == ' ')
			e--;
		lines[n] = s[0:e];
	}
	return lines;
}
