# Status strings, $ifs, options and whatis as the original gives them
# (issue 15, items 1, 8 and 9). Sources: the original's std module
# (appl/cmd/sh/std.b: `~` fails with `no match`, `no` with `yes`, `!` of
# nothing with `false`), man/1/sh (`$status` after a command; -v among the
# options; whatis prints each name in a form sh reads back; `${loaded}`
# lists the loaded modules), man/1/sh-std (`${parse}` of a braced block is
# that block).
load std echo
~ a b; echo '['^$status^']'
no x; echo '['^$status^']'
no; echo '['^$status^']'
! ; echo '['^$status^']'
status; echo '['^$status^']' $#status
sh -c exit; echo '['^$status^']' $#status
echo ifs ${quote $ifs}
sh -v -c 'load echo; echo v ok'
sh -c'load echo; echo joined'
whatis hd quote loaded echo if
whatis zzz ifs
echo whatis status $status
whatis cat
fn f {echo x}
whatis f
echo ${loaded}
echo ${parse '{echo hi}'}
