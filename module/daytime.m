# Daytime: the clock, and conversion between seconds since the epoch
# (1970-01-01 00:00:00 GMT) and calendar times.
# Member names, types and order agree with the original interface.

Daytime: module
{
	PATH:	con "/dis/lib/daytime.dis";

	Tm: adt {
		sec:	int;	# 0-59
		min:	int;	# 0-59
		hour:	int;	# 0-23
		mday:	int;	# 1-31
		mon:	int;	# 0-11
		year:	int;	# years since 1900
		wday:	int;	# 0-6, Sunday 0
		yday:	int;	# 0-365
		zone:	string;	# name of the time zone
		tzoff:	int;	# seconds east of GMT
	};

	now:		fn(): int;			# seconds since the epoch, from /dev/time
	time:		fn(): string;			# text(local(now()))
	text:		fn(tm: ref Tm): string;		# Thu Jan 01 00:00:00 GMT 1970
	filet:		fn(now, file: int): string;	# a file's time as ls -l shows it
	local:		fn(tim: int): ref Tm;		# in the zone of /env/timezone or /locale/timezone
	gmt:		fn(tim: int): ref Tm;
	tm2epoch:	fn(tm: ref Tm): int;
	string2tm:	fn(date: string): ref Tm;	# nil if date cannot be read
};
