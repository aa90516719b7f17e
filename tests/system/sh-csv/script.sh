# The csv module (man/1/sh-csv): ${csv} and getcsv; expectations from the
# manual's DESCRIPTION and BUGS.
load std echo csv
# "Items that contain a comma or a newline are surrounded with double-quotes";
# "A double-quote within an item is represented by a pair of double-quotes"
echo ${csv plain 'a,b' 'say "hi"' ''}
x = ${csv}
echo empty list $#x
echo 'a,b,c
"x,y","say ""hi"""
"two
lines",z

last,' > /tmp/data
# "for every line read, invokes command with $line set to the items found on that line";
# BUGS: "csv treats an empty line as containing a single, empty element"
getcsv {echo $#line ${quote $line}} < /tmp/data
# "Getcsv recognises the usual loop break and continue exceptions"
getcsv {if {~ ${hd $line} x,y} {raise continue}; if {~ ${hd $line} ''} {raise break}; echo item ${hd $line}} < /tmp/data
sh -c 'load csv; getcsv'
echo status $status
