load std test
greeting = hello
if {~ `{cat /env/greeting} hello} {report INF 3 '/env holds the variable'} {
	report ERR 0 '/env/greeting does not hold hello'
}
if {~ $ITS_MFD ''} {report ERR 0 'ITS_MFD is not set by itest'} {report INF 5 'itest set ITS_MFD'}
