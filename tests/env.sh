# Variables reach /env when a command runs; functions as fn-NAME; a nested
# shell sees them.
load std echo
v = (a 'b c')
fn f { echo in f }
sh -c 'load std echo; echo $#v $v; f'
getlines {echo env $line} < /env/v
empty =
sh -c 'load echo; echo empty $#empty'
