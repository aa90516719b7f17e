# The file2chan module (man/1/sh-file2chan): expectations from the manual's
# DESCRIPTION and EXAMPLES, and the original's messages and default replies
# (appl/cmd/sh/file2chan.b). The files are served in a folder of their own:
# file2chan binds the srv device before it, where nothing else can be made.
load std echo file2chan
mkdir $t/chan
# "a very simple memory-based file"; "$apid is set to the process id of the
# new thread"
file2chan $t/chan/memfile {rreadone $data} {data = ${rget data}}
servers = $apid
echo hello there > $t/chan/memfile
cat $t/chan/memfile
cat $t/chan/memfile
# "a single-threaded logfile which can support multiple concurrent writers"
{file2chan $t/chan/log {} {fetchwdata}} >> $t/logfile
servers = $servers $apid
echo one > $t/chan/log
echo two > $t/chan/log
cat $t/logfile
# "the default is to accept all writes and to give an error on all reads"
file2chan $t/chan/dflt {} {}
servers = $servers $apid
echo taken > $t/chan/dflt && echo write accepted
cat $t/chan/dflt
# rerror: the request "will return an error, with the description errmsg"
file2chan $t/chan/err {rerror 'no way'} {rerror 'not writable'}
servers = $servers $apid
cat $t/chan/err
echo x > $t/chan/err
echo status $status
# ${rget offset}, ${rget count}; rwrite's count is what the write returns
file2chan $t/chan/info {rread ${rget offset}^' '^${rget count}} {rwrite $tag 1}
servers = $servers $apid
read 10 < $t/chan/info; echo
echo abcd > $t/chan/info
echo status $status
# rblock: "no automatic reply will be made"; the read waits until a later
# write answers it by its tag
file2chan $t/chan/blk {rblock; held = $tag} {if {~ $#held 0} {rerror 'no reader yet'} {rread $held ${rget data}; held = ()}}
servers = $servers $apid
read 100 < $t/chan/blk > $t/got &
while {! echo -n released > $t/chan/blk >[2] /dev/null} {}
got = ()
while {~ $#got 0} {got = `{cat $t/got}}
echo $got
# usage, and a tag that is not there
sh -c 'load file2chan; file2chan chan/bad {}'
echo status $status
sh -c 'load file2chan; rread 99 data'
echo status $status
for p in $servers {echo kill > /prog/$p/ctl}
