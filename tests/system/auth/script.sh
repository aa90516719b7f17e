# auth: the original's appl/cmd/auth/*.b, installed in /dis/auth (manual
# pages createsignerkey(8), signer(8), ai2key(8); getpk and mkauthinfo have
# none): a signer's
# key made and read back, an Authinfo signed with it, factotum key lines
# (their random numbers masked), and each command's errors with their
# statuses. mkauthinfo writes to /fd/1 and its messages to /dev/cons.
auth/createsignerkey; echo $status
auth/createsignerkey -a foo x; echo $status
auth/createsignerkey -b 10 x; echo $status
auth/createsignerkey -e 123 x; echo $status
auth/createsignerkey -e 32012030 x; echo $status
auth/createsignerkey -e 01012001 x; echo $status
auth/createsignerkey -b 256 -f $t/signer me; echo $status
auth/getpk -u $t/signer | sed 's/^[0-9a-f]*/HASH/'
auth/getpk $t/signer | sed 's/[0-9a-f]/x/g'
auth/getpk -a -u $t/signer | sed -n '1,2p;$p'
auth/getpk $t/none; echo $status
auth/getpk; echo $status
auth/mkauthinfo -k key^'='^$t/signer bob > $t/bob; echo $status
auth/getpk -u $t/bob | sed 's/^[0-9a-f]*/HASH/'
auth/getpk -s $t/bob > $t/s1; auth/getpk $t/signer > $t/s2; cmp $t/s1 $t/s2; echo $status
auth/ai2key -t 'role=client' $t/bob | sed 's/=[^ ]*/=X/g'
auth/mkauthinfo -k key^'='^$t/none bob; echo $status
auth/mkauthinfo -e 1x bob; echo $status
auth/mkauthinfo; echo $status
auth/ai2key; echo $status
auth/ai2key $t/none; echo $status
auth/rsagen -b 256 -t 'a=b' | sed 's/=[0-9A-F]*/=X/g'
auth/rsagen -b 0; echo $status
auth/rsagen -b 5000; echo $status
auth/rsagen x; echo $status
auth/dsagen | sed 's/=[0-9A-F]*/=X/g'
auth/dsagen -x; echo $status
auth/verify; echo $status
