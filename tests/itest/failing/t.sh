load std test
report WRN 1 'this is only a warning'
report ERR 0 'something went' wrong
echo error output >[1=2]
