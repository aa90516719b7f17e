# One interpreter runs every command: a command started in the background
# keeps running while the shell runs others, and /prog lists it beside them,
# each command the leader of a process group with a pid of its own.
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
sleep 1000 &
a = `{leaders Sleep}
while {~ $#a 0} {a = `{leaders Sleep}}
lang-args runs while it sleeps > /dev/null && echo a foreground command ran
a = `{leaders Sleep}
echo still sleeping: $#a
sleep 1000 &
b = `{leaders Sleep}
while {! ~ $#b 2} {b = `{leaders Sleep}}
echo two sleeping
~ ${index 1 $b} ${index 2 $b} || echo with distinct pids
k = ${index 1 $b}
echo kill >> /prog/$k/ctl
b = `{leaders Sleep}
while {! ~ $#b 1} {b = `{leaders Sleep}}
echo one killed, one left
k = ${index 1 $b}
echo kill >> /prog/$k/ctl
