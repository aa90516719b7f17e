# A golden transcript, for system tests that check what a script prints:
# run from a test folder's t.sh as `run ../../lib/golden.sh [ARG ...]`, it
# runs the folder's script.sh with those arguments and requires everything
# the script prints, standard output and error together, to equal the
# folder's file `expected` byte for byte. A difference is one ERR report
# followed by the lines of `diff expected got` as INF reports, so itest's
# log shows it.
#
# The script runs in a name space of its own (sh forks it), with $t
# naming its scratch folder, /tmp/NAME (NAME the test folder's), made empty
# for it and removed afterwards; the modules $modules of tests/conformance
# (if any) bound before /dis; and the folder's file `input` (or nothing) as
# its console and standard input. This script's own variables start with
# golden_, out of the way of the script's.
load std test
golden_here = `{pwd}
golden_path = ${split / $golden_here}
golden_name = ${index $#golden_path $golden_path}
golden_t = /tmp/$golden_name
golden_scratch = /tmp/golden.${pid}
rm -rf $golden_t $golden_scratch
mkdir $golden_t $golden_scratch $golden_scratch/dis
for golden_m in $modules {cp ../../conformance/$golden_m.dis $golden_scratch/dis}
golden_input = /dev/null
if {ftest -f input} {golden_input = $golden_here/input}
if {! ~ $#modules 0} {bind -b $golden_scratch/dis /dis}
bind $golden_input /dev/cons
t = $golden_t
sh script.sh $* < /dev/cons > $golden_scratch/got >[2=1]
if {cmp -s expected $golden_scratch/got} {
	report INF 3 'script.sh printed what expected holds'
} {
	report ERR 0 'script.sh printed other than expected holds; diff expected got:'
	diff expected $golden_scratch/got | getlines {report INF 0 $"line}
}
if {! ~ $#modules 0} {unmount $golden_scratch/dis /dis}
rm -r $golden_t $golden_scratch
