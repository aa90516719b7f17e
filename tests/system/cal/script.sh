# cal: man/1/cal (a month, a year, names and prefixes, September 1752);
# the layout (six week lines for a month, blank ones included; three
# months abreast for a year) and the messages with fail:bad argument and
# fail:usage from the original's appl/cmd/cal.b. Checked against the
# weekdays of known dates: 1 Jan 2000 a Saturday, 2 Sep 1752 a Wednesday
# followed by Thursday 14 Sep.
cal 9 1752
cal feb 2015
cal sept 2026
cal 2000
cal 13 2000; echo $status
cal jan 10000; echo $status
cal xyz; echo $status
cal 1 2 3; echo $status
