# $autoload (man/1/sh): "a list of Shell modules that each instance of sh
# should load automatically during its initialisation".
autoload = (echo string)
sh -c 'echo ${loaded} ${toupper x}'
# a module that cannot be loaded is reported; the others still load
autoload = (echo nosuch regex)
sh -c 'echo ${loaded}'
