# prof(1) and mprof(1) over the profiling device #P (Profile library,
# appl/lib/profile.b): counts vary from run to run, so what is checked is
# the shape of the output: the module line, the hot function and the hot
# line listed with a percentage, the sampling-point totals, -n's file:
# prefix; mprof's line table (bytes in use and high-water mark) and module
# totals; the device's files; flags and errors as the original's.
cd $t
echo 'implement Hot;
include "sys.m";
	sys: Sys;
include "draw.m";
Hot: module
{
	init:	fn(nil: ref Draw->Context, argv: list of string);
};
init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	t0 := sys->millisec();
	x := 0;
	while(sys->millisec() - t0 < 400)
		x = hot(x);
	sys->print("done\n");
}
hot(x: int): int
{
	for(i := 0; i < 2000; i++)
		x = (x * 7 + i) % 1000003;	# the hot line
	return x;
}' > hot.b
limbo -g hot.b
prof -e -f -s 5 $t/hot > out
grep '^done$' out
grep '^Module: ' out
grep 'hot\(\)$' out | sed 's/[0-9][0-9]*\.[0-9][0-9]/P/; s/^[0-9]*/L/'
grep '^\*\*\*\* module sampling points' out | sed 's/[0-9][0-9]*/N/'
prof -e -l -n -s 5 $t/hot > out
grep 'the hot line' out | sed 's/[0-9][0-9]*\.[0-9][0-9]/P/; s/:[0-9]*	/:L	/'
# every line listed has a line number, a percentage and the source text
grep -v '^(done|Module: .*|\*\*\*\* .*)?$' out | grep -v '^/tmp/prof/hot.b:[0-9]+	[0-9]+\.[0-9][0-9]	' | wc -l

echo 'implement Alloc;
include "sys.m";
	sys: Sys;
include "draw.m";
Alloc: module
{
	init:	fn(nil: ref Draw->Context, argv: list of string);
};
kept: list of array of byte;
init(nil: ref Draw->Context, nil: list of string)
{
	for(i := 0; i < 10; i++){
		kept = array[1000] of byte :: kept;	# kept
		a := array[5000] of byte;	# dropped
		a[0] = byte 1;
	}
}' > alloc.b
limbo -g alloc.b
mprof -e $t/alloc > out
grep '^Module: ' out
grep '# kept$' out | sed 's/^[0-9]*	/L	/'
grep '# dropped$' out | sed 's/^[0-9]*	/L	/'
grep '^Module totals	' out | sed 's/[0-9]+/N/g'
mprof -f -e $t/alloc | grep '\(\)$' | sed 's/^[0-9]*/L/'

# the device
mkdir $t/p
bind '#P' $t/p
ls $t/p
echo module Hot > $t/p/ctl
echo start > $t/p/ctl
./hot.dis > /dev/null
echo stop > $t/p/ctl
ls $t/p | wc -l
ls $t/p/0*
cat $t/p/*/name; echo
cat $t/p/*/path; echo
echo end > $t/p/ctl
ls $t/p
echo bogus > $t/p/ctl
unmount $t/p

# flags and errors
prof -x
prof -s
prof -s 0 hot
mprof -s 1
prof
echo status $status
