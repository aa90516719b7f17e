# zeros and timestamp: man/1/zeros and man/1/timestamp; the usage and
# statuses of the original's appl/cmd/zeros.b and timestamp.b.
zeros 4 2 | xd
zeros -v 41 3 | xd -c
zeros | wc -c
zeros -r 16 2 | wc -b
zeros 0; echo $status
echo 'one
two' | timestamp tag | sed 's/^[0-9]+ /T /; s/start [0-9]+$/start S/'
