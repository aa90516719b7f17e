# units (man/1/units): "you have: " and "you want: " prompts, the factors
# as "\t* F\n\t/ 1/F" to seven significant digits, "\tis V °F" for the
# Celsius special case, a newline at the end of input. The two conversions
# of the manual (inch to cm; 15 pounds force/in² to atm) print its figures.
# Errors (the original's appl/cmd/units.y): "LINE: text" and a tab before
# the message (undefined NAME, add must be like units for each unlike
# dimension, syntax error, last name: NAME, exponent has units), on standard
# output, the input line asked again; more than five in one line end units
# with "too many errors" and fail:errors. -v prints the database as read; a
# file argument replaces /lib/units; cannot open and usage fail as the
# original's (fail:open, fail:usage).
echo 'inch
cm
15 pounds force/in²
atm' | units
echo
echo '100 °C
°F
212 fahrenheit
celsius
2 kilometers
mile
lightyear
parsec
1 brgallon
gallon
m²
ft^2
3 mph
m|sec
m × m ÷ sec
m²/sec
nonsense
m + sec
(m
2^m
m
' | units
echo
echo '/ a database of its own
zorch #
blit 3 zorch
/ a prefix and a plural of a defined unit are that unit
kiloblits blits
blit 4
frob' > $t/db
echo 'kiloblit
zorch' | units -v $t/db
echo
echo 'm+s+kg+sec+m+s+kg' | units
echo status $status
units $t/missing < /dev/null
echo status $status
units -q
echo status $status
