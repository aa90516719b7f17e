# An hour of sleeping, for emu's virtual clock (-T): three progs wake on
# interleaved timers and print in the order of their deadlines, the minutes
# of sys->millisec, /dev/msec and /dev/time that passed meanwhile, then the
# main prog's hour ends.
implement Vclock;

include "sys.m";
	sys: Sys;
include "draw.m";

Vclock: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

MINUTE: con 60*1000;

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	t0 := sys->millisec();
	m0 := msec();
	d0 := daytime();
	done := chan of int;
	spawn ticker("a", 7, 8, t0, done);
	spawn ticker("b", 11, 5, t0, done);
	spawn ticker("c", 13, 4, t0, done);
	sys->sleep(60*MINUTE);
	for(i := 0; i < 3; i++)
		<-done;
	sys->print("hour over: millisec %d min, /dev/msec %d min, /dev/time %bd min\n",
		(sys->millisec()-t0)/MINUTE, (msec()-m0)/MINUTE, (daytime()-d0)/big (60*1000000));
}

ticker(name: string, minutes, times, t0: int, done: chan of int)
{
	for(i := 1; i <= times; i++){
		sys->sleep(minutes*MINUTE);
		sys->print("%s %d at %d min\n", name, i, (sys->millisec()-t0)/MINUTE);
	}
	done <-= 1;
}

# The number a clock file holds.
number(file: string): big
{
	fd := sys->open(file, Sys->OREAD);
	if(fd == nil)
		return big -1;
	buf := array[64] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return big -1;
	return big string buf[0:n];
}

msec(): int
{
	return int number("/dev/msec");
}

daytime(): big
{
	return number("/dev/time");
}
