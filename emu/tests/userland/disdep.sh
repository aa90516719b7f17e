# disdep (man/1/disdep): the .dis names in a module's data, followed
# recursively, each once; -d indents, -a repeats every name met, -o stops at
# the outer names, -p prints pairs (a file needing none alone), -s adds
# $Module names. A file that cannot be read is reported and skipped (the
# original's appl/cmd/disdep.b: "disdep: can't open FILE: why", no failure
# status); a bad option or no file is its Usage line with fail:usage.
# Strings with a blank or % are not names (its isdisfile).
cd $t
load std
fn module {
	echo 'implement '^$1^';
include "sys.m";
include "draw.m";
'^$1^': module
{
	init:	fn(nil: ref Draw->Context, nil: list of string);
};
names := array[] of {'^$2^'};
init(nil: ref Draw->Context, nil: list of string)
{
	sys := load Sys Sys->PATH;
	for(i := 0; i < len names; i++)
		sys->print("%s\n", names[i]);
}' > $1^.b
	limbo $1^.b
}
module A '"/tmp/disdep/B.dis", "/tmp/disdep/C.dis", "$Math"'
module B '"/tmp/disdep/C.dis", "/tmp/disdep/missing.dis", "not a.dis", "100%.dis"'
module C '"/tmp/disdep/A.dis", "/tmp/disdep/B.dis", "$Sys"'
disdep A.dis
echo status $status
disdep -d A.dis
disdep -a A.dis
disdep -o A.dis
disdep -p A.dis
disdep -s -o C.dis
disdep
echo status $status
disdep -x A.dis
echo status $status
