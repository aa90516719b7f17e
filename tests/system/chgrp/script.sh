# chgrp: man/1/chgrp; the messages (one per file, the rest still done) and
# the statuses from the original's appl/cmd/chgrp.b.
chgrp; echo $status
chgrp -x g $t/a; echo $status
chgrp grp $t/none $t/other; echo $status
