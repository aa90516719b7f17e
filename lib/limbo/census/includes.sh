# Sourced by compile.sh and time.sh: the include folders a source under TREE/appl is
# compiled with, the way the tree's mkfiles pass them. Expects $tree (the tree's
# absolute path).

# The extra include folders of one source file: TREE/module, and for each directory
# above it inside appl whose mkfile compiles with `-Ilib`, that directory and its lib.
includes() {
	local dir=$1 flags="-I$tree/module"
	local d=$dir
	while [ "$d" != "$tree/appl" ] && [ "$d" != / ]; do
		if [ -f "$d/mkfile" ] && grep -q -- '-Ilib' "$d/mkfile"; then
			flags="$flags -I$d -I$d/lib"
		fi
		d=$(dirname "$d")
	done
	echo "$flags"
}
