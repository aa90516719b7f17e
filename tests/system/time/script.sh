# time: man/1/time; the report "Nl Nr Nt" on standard error (its figures
# vary, so they are masked here), the usage and load messages of the
# original's appl/cmd/time.b, which leave the status alone.
time echo hi >[2] $t/err
sed 's/[-0-9.e+]+/N/g' $t/err
time; echo $status
time nonesuch; echo $status
time cat $t/missing >[2] $t/err; echo $status
sed 's/^[0-9]+ /PID /; s/[-0-9.e+]+([lrt])/N\1/g' $t/err
