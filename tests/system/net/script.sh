# net: /net as man/3/ip describes the hosted device (the protocol directories
# and the ndb file) with the connection server's file cs (man/8/cs) beside
# them: an address written to it reads back as the clone file and the
# address to use, one line a read, or the error the write gave; the usage
# and refusals of listen, dial and netstat (man/1/listen, man/1/netstat).
ls /net /net/udp
load std
for a in 'tcp!127.0.0.1!564' 'net!*!styx' 'udp!::1!echo' 'tcp!10.0.0.1!9fs' 'tcp!127.0.0.1!nosuch' 'il!x!1' tcp {
	{echo -n $a >[1=0]; cat; echo} <> /net/cs
}
netstat
listen -A; echo $status
listen -k /tmp/nokey 'tcp!*!7' {cat}; echo $status
listen -A 'nonsense' {cat}; echo $status
dial -A; echo $status
dial -A 'tcp!127.0.0.1!nosuch' {cat}; echo $status
