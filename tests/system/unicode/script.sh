# unicode: man/1/unicode (ranges as tables, values to characters, -t,
# characters to values, -n); eight entries to a line, the messages and
# the unchanged status from the original's appl/cmd/unicode.b.
unicode 41-4a
unicode 3b1 3b2
unicode -t 48 69; echo
unicode xyz é
unicode -n 12
unicode 4a-41; echo $status
unicode 41-zz
unicode 110000
unicode 41q
unicode; echo $status
