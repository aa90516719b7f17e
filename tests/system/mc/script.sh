# mc: man/1/mc (columns across 65 characters, -c to change it); columns
# filled downwards, each one wider than the longest line, blanks only
# between columns and "mc: can't open" leaving the status alone, from the
# original's appl/cmd/mc.b as it runs without a window.
echo 'alpha
beta
gamma
delta
epsilon
zeta
eta
theta
iota
kappa
lambda
mu' > $t/w
mc $t/w
mc -c 30 $t/w
mc -c 3 $t/w | sed -n 1,2p
mc < $t/w | sed -n 1p
mc $t/missing $t/w | sed -n 1p; echo $status
mc -q; echo $status
