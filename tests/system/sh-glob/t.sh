# script.sh must print what expected holds (see tests/lib/golden.sh).
modules = lang-args rt-cmd-fail rt-err-uncaught
run ../../lib/golden.sh
