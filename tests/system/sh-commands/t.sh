# script.sh must print what expected holds (see tests/lib/golden.sh).
modules = lang-args rt-cmd-fail
run ../../lib/golden.sh
