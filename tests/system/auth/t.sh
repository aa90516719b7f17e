# script.sh must print what expected holds (see tests/lib/golden.sh).
run ../../lib/golden.sh
