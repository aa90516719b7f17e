# One interpreter runs every command: a command started in the background
# keeps running while the shell runs others, and /prog lists it beside them,
# each command the leader of a process group with a pid of its own.
# Sources: man/3/prog (the status file's fields: pid, group, user, state,
# ..., module); man/1/sh, "Command Lines" (&); man/1/kill (`kill` to ctl).
# (This test counts every Sleep leader /prog shows: it needs to be the only
# test running `sleep` while it runs.)
load std echo
fn leaders {
	# the pids of the group leaders running module $1 /prog lists, as a
	# Dis command (cat) reads it
	for f in /prog/*/status {
		s = `{cat $f >[2] /dev/null}
		if {~ ${hd ${split '[' ${index 7 $s}}} $1 && ~ ${index 1 $s} ${index 2 $s}} {
			echo ${index 1 $s}
		}
	}
}
fn waitfor {
	# sets b to the leaders running Sleep once there are $1 of them, looking
	# at most 500 times (the script's output then shows what went wrong)
	tries = ()
	b = `{leaders Sleep}
	while {! ~ $#b $1 && ! ~ $#tries 500} {
		b = `{leaders Sleep}
		tries = ($tries x)
	}
}
sleep 1000 &
waitfor 1
lang-args runs while it sleeps > /dev/null && echo a foreground command ran
a = `{leaders Sleep}
echo still sleeping: $#a
sleep 1000 &
waitfor 2
~ $#b 2 && echo two sleeping
~ ${index 1 $b} ${index 2 $b} || echo with distinct pids
k = ${index 1 $b}
echo kill >> /prog/$k/ctl
waitfor 1
~ $#b 1 && echo one killed, one left
k = ${index 1 $b}
echo kill >> /prog/$k/ctl
