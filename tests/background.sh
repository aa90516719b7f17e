# Background commands (man/1/sh: `&` sets $apid to the new process's id):
# each runs as a process of its own, listed in /prog, to its end; emu waits
# for it before it ends (issue 15, item 6). `kill $apid` stops it and the
# command it runs.
load std echo
{sleep 1; echo bg-done} &
~ $apid [0-9]* && echo apid is a pid
cat /prog/$apid/status > /dev/null && echo listed in /prog
sleep 1000 &
kill $apid
echo kill status $status
echo fg-done
