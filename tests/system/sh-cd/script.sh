# cd (appl/cmd/cd.b, man/1/cd): a command that changes the working
# directory of the name space it shares with the shell, so the shell and
# the commands it runs next see the change. Errors as the original's:
# `cd: DIR: error` and status `failed`, `Usage: cd [directory]` and `usage`.
load std echo
mkdir $t/cdtest $t/cdtest/inner
cd $t/cdtest
pwd
echo here > file
cat $t/cdtest/file
cd inner
pwd
cd ..
cat file
cd $t/cdtest/missing
echo status $status
cd a b
echo status $status
pwd
whatis cd
