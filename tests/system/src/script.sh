# src: the original's appl/cmd/src.b (no manual page): a module's source
# path as its .dis records it, an executable script's own name, else "?".
echo 'echo hi' > $t/script
chmod 755 $t/script
echo 'echo hi' > $t/plain
src $t/script $t/plain $t/none $t/none.dis
src
cd $t; src ./script
