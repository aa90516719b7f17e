load std test
mkdir -p /tmp/ns.a /tmp/ns.b
echo from-a > /tmp/ns.a/f
echo from-b > /tmp/ns.b/f
echo only-b > /tmp/ns.b/g
bind -b /tmp/ns.b /tmp/ns.a
if {~ `{cat /tmp/ns.a/f} from-b} {report INF 3 'bind -b: the new directory comes first'} {
	report ERR 0 'bind -b: /tmp/ns.a/f should be the one from /tmp/ns.b'
}
if {~ `{cat /tmp/ns.a/g} only-b} {report INF 3 'union shows both'} {
	report ERR 0 'union: /tmp/ns.a/g missing'
}
unmount /tmp/ns.b /tmp/ns.a
if {~ `{cat /tmp/ns.a/f} from-a} {report INF 3 'unmount restores'} {
	report ERR 0 'unmount: /tmp/ns.a/f should be from /tmp/ns.a again'
}
bind -a /tmp/ns.b /tmp/ns.a
if {~ `{cat /tmp/ns.a/f} from-a} {report INF 3 'bind -a: the old directory comes first'} {
	report ERR 0 'bind -a: /tmp/ns.a/f should still be from /tmp/ns.a'
}
