# randpass: the original's appl/cmd/randpass.b (no manual page): 16
# characters of base 64 by default, the length given (9 to 256), else the
# usage with fail:usage.
randpass | wc -c
randpass 9 | wc -c
randpass 256 | wc -c
randpass | grep -v '^[A-Za-z0-9+/]+$'; echo $status
randpass 8; echo $status
randpass 257; echo $status
randpass 1x; echo $status
