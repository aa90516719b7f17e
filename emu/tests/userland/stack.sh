# stack (man/1/stack): a prog's frames from /prog/PID/stack, newest first,
# as "fn() file.b:line.pos, [line.]pos" from the module's .sbl (beside the
# .dis here), and "unknown fn() Module PATH PC N" without one; the usage
# line and fail:usage without a pid. A prog that does not exist is reported
# and stack ends without a failure status, as the original's returns. The
# positions are those our compiler records for the program below (a waiting
# prog: this kernel keeps no broken prog without a keeper). This system has
# no /prog/PID/heap, so -v shows no values (the original's would).
cd $t
load std
echo 'implement Blocked;
include "sys.m";
	sys: Sys;
include "draw.m";
Blocked: module
{
	init:	fn(nil: ref Draw->Context, nil: list of string);
};
init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	pids := chan of int;
	spawn waiter(pids);
	pid := <-pids;
	fd := sys->create("pids", Sys->OWRITE, 8r666);
	sys->fprint(fd, "%d %d", pid, sys->pctl(0, nil));
	fd = nil;
	sys->sleep(1000000);
}
waiter(pids: chan of int)
{
	deeper(pids, 2);
}
deeper(pids: chan of int, n: int)
{
	if(n > 0)
		deeper(pids, n-1);
	else{
		pids <-= sys->pctl(0, nil);
		<-chan of int;
	}
}' > blocked.b
limbo -g blocked.b
blocked &
while {! ftest -s pids} {sleep 1}
(waiter main) = `{cat pids}
stack $waiter
stack -v $main
rm blocked.sbl
stack $waiter
echo kill > /prog/$waiter/ctl
echo kill > /prog/$main/ctl
stack 99999
echo $status
stack
echo $status
