# Variables reach /env when a command runs; functions as fn-NAME; a nested
# shell sees them. Sources: man/1/sh, "Environment" (variables exported to
# /env, functions as fn-NAME, a list as its quoted words); man/1/sh-std
# (getlines).
load std echo
v = (a 'b c')
fn f { echo in f }
sh -c 'load std echo; echo $#v $v; f'
getlines {echo env $line} < /env/v
empty =
sh -c 'load echo; echo empty $#empty'
