# iostats: man/4/iostats; the report's layout, its figures (the times,
# /dev/time's microseconds divided by a million, print as 0 under "ms"),
# what each file's line counts and the usage line from the original's
# appl/cmd/iostats.b. The command runs only the shell's own commands (no
# module is loaded through the name space watched); the rates depend on
# the clock and are masked. A created file is named by the directory it
# was created in, as the original names it.
# (It runs from / so that the walks counted do not depend on the folder
# the test runner starts it in; the shell under itest walks one name more
# than emu's first shell does: its console, bound by the runner.)
cd /
echo 'echo written > /tmp/iostats/out' > $t/s.sh
echo 'echo again > /tmp/iostats/out' >> $t/s.sh
echo 'echo new > /tmp/iostats/new' >> $t/s.sh
iostats {load std; load echo; run /tmp/iostats/s.sh} >[2=1] | sed 's/[-0-9.e+]+ Kb\/sec/R Kb\/sec/'
cat $t/out $t/new
iostats; echo $status
iostats -x ls; echo $status
