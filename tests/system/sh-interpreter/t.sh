# script.sh must print what expected holds (see tests/lib/golden.sh).
modules = lang-args
run ../../lib/golden.sh
