implement Daytime;

# Calendar arithmetic, and the local time zone. A time zone file holds
# words separated by white space: standard zone name, its offset from GMT
# in seconds, daylight zone name, its offset, then pairs of times (local
# standard seconds since the epoch) between which daylight time is in force.

include "sys.m";
	sys: Sys;

include "daytime.m";

Zone: adt {
	stdname:	string;
	stdoff:		int;
	dstname:	string;
	dstoff:		int;
	dst:		array of int;	# start, end, start, end, ...
};

zone: ref Zone;

DAY: con 24*60*60;

daysin := array[] of {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
dayname := array[] of {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
longdayname := array[] of {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
monthname := array[] of {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

init()
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
}

now(): int
{
	init();
	fd := sys->open("/dev/time", Sys->OREAD);
	if(fd == nil)
		return 0;
	buf := array[64] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return 0;
	return int (big string buf[0:n] / big 1000000);	# /dev/time counts microseconds
}

time(): string
{
	return text(local(now()));
}

yearlength(y: int): int
{
	if(y%4 == 0 && (y%100 != 0 || y%400 == 0))
		return 366;
	return 365;
}

monthlength(m, y: int): int
{
	if(m == 1 && yearlength(y) == 366)
		return 29;
	return daysin[m];
}

gmt(tim: int): ref Tm
{
	days := tim / DAY;
	secs := tim % DAY;
	if(secs < 0){
		secs += DAY;
		days--;
	}
	tm := ref Tm;
	tm.sec = secs % 60;
	tm.min = secs / 60 % 60;
	tm.hour = secs / 3600;
	tm.wday = (days % 7 + 11) % 7;		# the epoch was a Thursday
	y := 1970;
	while(days < 0){
		y--;
		days += yearlength(y);
	}
	while(days >= yearlength(y)){
		days -= yearlength(y);
		y++;
	}
	tm.year = y - 1900;
	tm.yday = days;
	m := 0;
	while(days >= monthlength(m, y)){
		days -= monthlength(m, y);
		m++;
	}
	tm.mon = m;
	tm.mday = days + 1;
	tm.zone = "GMT";
	tm.tzoff = 0;
	return tm;
}

local(tim: int): ref Tm
{
	if(zone == nil)
		zone = readzone(nil);
	t := tim + zone.stdoff;
	for(i := 0; i+1 < len zone.dst; i += 2)
		if(zone.dst[i] <= t && t < zone.dst[i+1]){
			dst := gmt(tim + zone.dstoff);
			dst.zone = zone.dstname;
			dst.tzoff = zone.dstoff;
			return dst;
		}
	tm := gmt(t);
	tm.zone = zone.stdname;
	tm.tzoff = zone.stdoff;
	return tm;
}

# The zone described by /locale/name, or by default the local zone; GMT
# when there is no description.
readzone(name: string): ref Zone
{
	init();
	z := ref Zone("GMT", 0, nil, 0, nil);
	fd: ref Sys->FD;
	if(name != nil)
		fd = sys->open("/locale/" + name, Sys->OREAD);
	else{
		fd = sys->open("/env/timezone", Sys->OREAD);
		if(fd == nil)
			fd = sys->open("/locale/timezone", Sys->OREAD);
	}
	if(fd == nil)
		return z;
	buf := array[2048] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return z;
	(nw, w) := sys->tokenize(string buf[0:n], " \t\r\n");
	if(nw < 4)
		return z;
	z.stdname = hd w;
	z.stdoff = int hd tl w;
	z.dstname = hd tl tl w;
	z.dstoff = int hd tl tl tl w;
	w = tl tl tl tl w;
	z.dst = array[nw-4] of int;
	for(i := 0; w != nil; w = tl w)
		z.dst[i++] = int hd w;
	return z;
}

text(tm: ref Tm): string
{
	init();
	return sys->sprint("%s %s %.2d %.2d:%.2d:%.2d %s %d",
		dayname[tm.wday], monthname[tm.mon], tm.mday,
		tm.hour, tm.min, tm.sec, tm.zone, tm.year+1900);
}

# Month, day and time for a file changed in the last six months; month,
# day and year for an older one.
filet(now, file: int): string
{
	init();
	tm := local(file);
	if(now - file < 180*DAY)
		return sys->sprint("%s %.2d %.2d:%.2d", monthname[tm.mon], tm.mday, tm.hour, tm.min);
	return sys->sprint("%s %.2d  %d", monthname[tm.mon], tm.mday, tm.year+1900);
}

tm2epoch(tm: ref Tm): int
{
	y := tm.year + 1900;
	days := 0;
	for(i := 1970; i < y; i++)
		days += yearlength(i);
	for(i = y; i < 1970; i++)
		days -= yearlength(i);
	for(m := 0; m < tm.mon; m++)
		days += monthlength(m, y);
	days += tm.mday - 1;
	return days*DAY + tm.hour*3600 + tm.min*60 + tm.sec - tm.tzoff;
}

# Reads the forms
#	Sun, 06 Nov 1994 08:49:37 GMT	(RFC 822, 1123)
#	Sunday, 06-Nov-94 08:49:37 GMT	(RFC 850)
#	Sun Nov  6 08:49:37 1994	(asctime; GMT)
# and what text writes: Sun Nov 06 08:49:37 GMT 1994.
string2tm(date: string): ref Tm
{
	init();
	tm := ref Tm;
	(w, rest) := word(date);
	tm.wday = lookup(dayname, w);
	if(tm.wday < 0)
		tm.wday = lookup(longdayname, w);
	if(tm.wday < 0)
		return nil;
	(w, date) = word(rest);
	tm.mon = lookup(monthname, w);
	zonename: string;
	if(tm.mon >= 0){
		(tm.mday, date) = number(date);
		ok: int;
		(ok, date) = clock(date, tm);
		if(!ok)
			return nil;
		(w, rest) = word(date);
		if(w != nil && (w[0] < '0' || w[0] > '9')){
			zonename = w;
			date = rest;
		}
		(tm.year, date) = number(date);
	}else{
		(tm.mday, date) = number(rest);
		(w, date) = word(date);
		tm.mon = lookup(monthname, w);
		if(tm.mon < 0)
			return nil;
		(tm.year, date) = number(date);
		ok: int;
		(ok, date) = clock(date, tm);
		if(!ok)
			return nil;
		(zonename, nil) = word(date);
	}
	if(tm.mday < 1 || tm.mday > 31 || tm.year < 0)
		return nil;
	if(tm.year >= 1900)
		tm.year -= 1900;
	else if(tm.year < 70)
		tm.year += 100;
	(tm.zone, tm.tzoff) = zoneinfo(zonename);
	if(tm.zone == nil)
		return nil;
	return tm;
}

isalnum(c: int): int
{
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
}

isdigit(c: int): int
{
	return c >= '0' && c <= '9';
}

# The next word: a run of letters and digits, or a signed offset such as
# -0500; and what follows it.
word(s: string): (string, string)
{
	for(i := 0; i < len s; i++){
		if(isalnum(s[i]))
			break;
		if((s[i] == '+' || s[i] == '-') && i+1 < len s && isdigit(s[i+1]))
			break;
	}
	j := i;
	if(j < len s && !isalnum(s[j]))
		j++;
	while(j < len s && isalnum(s[j]))
		j++;
	return (s[i:j], s[j:]);
}

# The next decimal number, or -1, and what follows.
number(s: string): (int, string)
{
	i := 0;
	while(i < len s && (s[i] < '0' || s[i] > '9'))
		i++;
	j := i;
	while(j < len s && s[j] >= '0' && s[j] <= '9')
		j++;
	if(i == j)
		return (-1, s);
	return (int s[i:j], s[j:]);
}

clock(s: string, tm: ref Tm): (int, string)
{
	(tm.hour, s) = number(s);
	(tm.min, s) = number(s);
	(tm.sec, s) = number(s);
	ok := 0 <= tm.hour && tm.hour < 24 && 0 <= tm.min && tm.min < 60 && 0 <= tm.sec && tm.sec < 60;
	return (ok, s);
}

lookup(names: array of string, s: string): int
{
	for(i := 0; i < len names; i++)
		if(names[i] == s)
			return i;
	return -1;
}

# Name and offset of a zone written in a date; nil if it is unknown.
zoneinfo(name: string): (string, int)
{
	case name {
	"" or "GMT" or "UT" or "UTC" or "Z" =>
		return ("GMT", 0);
	}
	if(len name == 5 && (name[0] == '+' || name[0] == '-')){
		h := int name[1:3];
		m := int name[3:5];
		if(h > 23 || m > 59)
			return (nil, 0);
		off := h*3600 + m*60;
		if(name[0] == '-')
			off = -off;
		return ("GMT", off);
	}
	file: string;
	case name {
	"EST" or "EDT" =>	file = "EST.EDT";
	"CST" or "CDT" =>	file = "CST.CDT";
	"MST" or "MDT" =>	file = "MST.MDT";
	"PST" or "PDT" =>	file = "PST.PDT";
	}
	z := readzone(file);
	if(z.stdname == name)
		return (z.stdname, z.stdoff);
	if(z.dstname == name)
		return (z.dstname, z.dstoff);
	return (nil, 0);
}
