implement Itlog;

# The log lines of itest(1) and itreplay(1): "YYYYMMDD HH:MM:SS ---message",
# the dashes showing the depth (0 the whole session, 1 a run, 2 a test, 3 a
# test's own message). Messages of severity INF are shown up to the chosen
# verbosity; warnings, errors and fatal errors always.

include "sys.m";
	sys: Sys;
include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;
include "daytime.m";
	daytime: Daytime;
include "itslib.m";
include "itlog.m";

verbosity := 3;
tap := 0;

init(v: int, t: int)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	daytime = load Daytime Daytime->PATH;
	verbosity = v;
	tap = t;
}

stamp(when: int): string
{
	if(when == 0)
		return "";
	if(when < 0)
		when = daytime->now();
	tm := daytime->local(when);
	return sys->sprint("%4d%02d%02d %02d:%02d:%02d",
		tm.year+1900, tm.mon+1, tm.mday, tm.hour, tm.min, tm.sec);
}

line(indent: int, when: int, sev: int, verb: int, msg: string): string
{
	if(sev == Itslib->S_INFO && verb > verbosity)
		return "";
	if(indent > 3)
		indent = 3;
	end := "";
	if(len msg == 0 || msg[len msg-1] != '\n')
		end = "\n";
	s := sys->sprint("%-17s %s%s%s", stamp(when), "---"[0:indent], msg, end);
	if(tap)
		s = "# " + s;
	return s;
}

report(indent: int, when: int, sev: int, verb: int, msg: string)
{
	s := line(indent, when, sev, verb, msg);
	if(s != "")
		sys->print("%s", s);
}

severity(sev: int): string
{
	case sev {
	Itslib->S_INFO =>	return "INF";
	Itslib->S_WARN =>	return "WRN";
	Itslib->S_ERROR =>	return "ERR";
	Itslib->S_FATAL =>	return "FTL";
	}
	return "UNK";
}

showfile(file: string)
{
	b := bufio->open(file, Bufio->OREAD);
	if(b == nil)
		return;
	while((s := b.gets('\n')) != nil){
		if(tap)
			sys->print("# ");
		sys->print("                    %s", s);
		if(s[len s-1] != '\n')
			sys->print("\n");
	}
}

number(opt: string, s: string, min: int, max: int): int
{
	digits := 0;
	for(i := 0; i < len s; i++)
		if(s[i] >= '0' && s[i] <= '9')
			digits++;
		else if(s[i] != '-' || i != 0)
			digits = -len s;
	if(digits <= 0){
		sys->fprint(sys->fildes(2), "no value specified for option %s\n", opt);
		raise "fail:usage";
	}
	v := int s;
	if(v < min){
		sys->fprint(sys->fildes(2), "option %s value is less than minimum of %d: %d\n", opt, min, v);
		raise "fail:usage";
	}
	if(max != -1 && v > max){
		sys->fprint(sys->fildes(2), "option %s value is greater than maximum of %d: %d\n", opt, max, v);
		raise "fail:usage";
	}
	return v;
}
