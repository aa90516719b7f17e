# The Keyring built-in module: big integers, digests, ciphers, keys,
# signatures, certificates and the connection authentication protocol.
# Names, types and member order follow the original interface (the link
# signatures depend on them); hidden state lives in the implementation.

Keyring: module
{
	PATH:	con	"$Keyring";

	# integers of any size
	IPint: adt
	{
		x:	int;	# placeholder; the value is hidden

		# to and from text and bytes
		iptob64:	fn(i: self ref IPint): string;
		iptob64z:	fn(i: self ref IPint): string;
		b64toip:	fn(str: string): ref IPint;
		iptobytes:	fn(i: self ref IPint): array of byte;
		iptobebytes:	fn(i: self ref IPint): array of byte;
		bytestoip:	fn(buf: array of byte): ref IPint;
		bebytestoip:	fn(mag: array of byte): ref IPint;
		inttoip:	fn(i: int): ref IPint;
		iptoint:	fn(i: self ref IPint): int;
		iptostr:	fn(i: self ref IPint, base: int): string;
		strtoip:	fn(str: string, base: int): ref IPint;

		# a random number of minbits to maxbits bits
		random:		fn(minbits, maxbits: int): ref IPint;

		# arithmetic
		bits:		fn(i: self ref IPint): int;
		expmod:	fn(base: self ref IPint, exp, mod: ref IPint): ref IPint;
		invert:	fn(base: self ref IPint, mod: ref IPint): ref IPint;
		add:		fn(i1: self ref IPint, i2: ref IPint): ref IPint;
		sub:		fn(i1: self ref IPint, i2: ref IPint): ref IPint;
		neg:		fn(i: self ref IPint): ref IPint;
		mul:		fn(i1: self ref IPint, i2: ref IPint): ref IPint;
		div:		fn(i1: self ref IPint, i2: ref IPint): (ref IPint, ref IPint);
		mod:	fn(i1: self ref IPint, i2: ref IPint): ref IPint;
		eq:		fn(i1: self ref IPint, i2: ref IPint): int;
		cmp:		fn(i1: self ref IPint, i2: ref IPint): int;
		copy:	fn(i: self ref IPint): ref IPint;

		shl:	fn(i: self ref IPint, n: int): ref IPint;
		shr:	fn(i: self ref IPint, n: int): ref IPint;

		and:	fn(i1: self ref IPint, i2: ref IPint): ref IPint;
		ori:	fn(i1: self ref IPint, i2: ref IPint): ref IPint;
		xor:	fn(i1: self ref IPint, i2: ref IPint): ref IPint;
		not:	fn(i1: self ref IPint): ref IPint;
	};

	# a signature algorithm, by name
	SigAlg: adt
	{
		name:	string;
	};

	# a public key of some algorithm
	PK: adt
	{
		sa:	ref SigAlg;
		owner:	string;
	};

	# a secret key of some algorithm
	SK: adt
	{
		sa:	ref SigAlg;
		owner:	string;
	};

	# a signature by signer over a hash (algorithm ha), valid until exp
	Certificate: adt
	{
		sa:	ref SigAlg;
		ha:	string;
		signer:	string;
		exp:	int;
	};

	# a digest being computed
	DigestState: adt
	{
		x:	int;	# placeholder; the state is hidden

		copy:	fn(d: self ref DigestState): ref DigestState;
	};

	# cipher states: the expanded key and the chaining vector
	AESstate: adt
	{
		x:	int;
	};

	DESstate: adt
	{
		x:	int;
	};

	IDEAstate: adt
	{
		x:	int;
	};

	RC4state: adt
	{
		x:	int;
	};

	BFstate: adt
	{
		x:	int;
	};

	# what a party needs to authenticate
	Authinfo: adt
	{
		mysk:	ref SK;
		mypk:	ref PK;
		cert:	ref Certificate;	# the signer's certificate of mypk
		spk:	ref PK;			# the signer's public key
		alpha:	ref IPint;		# Diffie-Hellman generator and modulus
		p:	ref IPint;
	};

	# to text
	certtostr: fn (c: ref Certificate): string;
	pktostr: fn (pk: ref PK): string;
	sktostr: fn (sk: ref SK): string;

	# from text
	strtocert: fn (s: string): ref Certificate;
	strtopk: fn (s: string): ref PK;
	strtosk: fn (s: string): ref SK;

	# to attribute=value text
	certtoattr: fn (c: ref Certificate): string;
	pktoattr: fn (pk: ref PK): string;
	sktoattr: fn (sk: ref SK): string;

	# signing and checking
	sign: fn (sk: ref SK, exp: int, state: ref DigestState, ha: string):
		ref Certificate;
	verify: fn (pk: ref PK, cert: ref Certificate, state: ref DigestState):
		int;
	signm: fn (sk: ref SK, m: ref IPint, ha: string):
		ref Certificate;
	verifym: fn (pk: ref PK, cert: ref Certificate, m: ref IPint):
		int;

	# making keys
	genSK: fn (algname, owner: string, length: int): ref SK; 
	genSKfromPK: fn (pk: ref PK, owner: string): ref SK;
	sktopk: fn (sk: ref SK): ref PK;

	# digests: hash n bytes of buf into state; with digest given, finish
	md4: fn(buf: array of byte, n: int, digest: array of byte, state: ref DigestState):
		ref DigestState;
	md5: fn(buf: array of byte, n: int, digest: array of byte, state: ref DigestState):
		ref DigestState;
	sha1: fn(buf: array of byte, n: int, digest: array of byte, state: ref DigestState):
		ref DigestState;
	sha224: fn(buf: array of byte, n: int, digest: array of byte, state: ref DigestState):
		ref DigestState;
	sha256: fn(buf: array of byte, n: int, digest: array of byte, state: ref DigestState):
		ref DigestState;
	sha384: fn(buf: array of byte, n: int, digest: array of byte, state: ref DigestState):
		ref DigestState;
	sha512: fn(buf: array of byte, n: int, digest: array of byte, state: ref DigestState):
		ref DigestState;

	hmac_sha1: fn(data: array of byte, n: int, key: array of byte, digest: array of byte, state: ref DigestState):
		ref DigestState;
	hmac_md5: fn(data: array of byte, n: int, key: array of byte, digest: array of byte, state: ref DigestState):
		ref DigestState;

	SHA1dlen:	con 20;
	SHA224dlen:	con 28;
	SHA256dlen:	con 32;
	SHA384dlen:	con 48;
	SHA512dlen:	con 64;
	MD5dlen:	con 16;
	MD4dlen:	con 16;

	# cipher directions
	Encrypt:	con 0;
	Decrypt:	con 1;

	AESbsize:	con 16;

	aessetup: fn(key: array of byte, ivec: array of byte): ref AESstate;
	aescbc: fn(state: ref AESstate, buf: array of byte, n: int, direction: int);

	DESbsize: con 8;

	dessetup: fn(key: array of byte, ivec: array of byte): ref DESstate;
	desecb: fn(state: ref DESstate, buf: array of byte, n: int, direction: int);
	descbc: fn(state: ref DESstate, buf: array of byte, n: int, direction: int);

	IDEAbsize: con 8;

	ideasetup: fn(key: array of byte, ivec: array of byte): ref IDEAstate;
	ideaecb: fn(state: ref IDEAstate, buf: array of byte, n: int, direction: int);
	ideacbc: fn(state: ref IDEAstate, buf: array of byte, n: int, direction: int);

	BFbsize: con 8;

	blowfishsetup: fn(key: array of byte, ivec: array of byte): ref BFstate;
	blowfishcbc: fn(state: ref BFstate, buf: array of byte, n: int, direction: int);

	rc4setup:	fn(seed: array of byte): ref RC4state;
	rc4:	fn(state: ref RC4state, buf: array of byte, n: int);
	rc4skip:	fn(state: ref RC4state, n: int);
	rc4back:	fn(state: ref RC4state, n: int);

	# a Diffie-Hellman generator and modulus of nbits
	dhparams: fn(nbits: int): (ref IPint, ref IPint);

	# authenticate both ends of a connection
	auth: fn(fd: ref Sys->FD, info: ref Authinfo, setid: int): (string, array of byte);

	readauthinfo: fn(filename: string): ref Authinfo;
	writeauthinfo: fn(filename: string, info: ref Authinfo): int;

	# messages on a connection that keeps message boundaries;
	# getstring and getbytearray return (value, error)
	getstring: fn(fd: ref Sys->FD): (string, string);
	putstring: fn(fd: ref Sys->FD, s: string): int;
	getbytearray: fn(fd: ref Sys->FD): (array of byte, string);
	putbytearray: fn(fd: ref Sys->FD, a: array of byte, n: int): int;
	puterror: fn(fd: ref Sys->FD, s: string): int;

	# messages with a length header, for connections that do not
	getmsg: fn(fd: ref Sys->FD): array of byte;
	sendmsg: fn(fd: ref Sys->FD, buf: array of byte, n: int): int;
	senderrmsg: fn(fd: ref Sys->FD, s: string): int;

	RSApk: adt {
		n:	ref IPint;		# modulus
		ek:	ref IPint;		# public exponent

		encrypt:	fn(k: self ref RSApk, m: ref IPint): ref IPint;
		verify:	fn(k: self ref RSApk, sig: ref RSAsig, m: ref IPint): int;
	};

	RSAsk: adt {
		pk:	ref RSApk;
		dk:	ref IPint;		# private exponent
		p:	ref IPint;
		q:	ref IPint;

		# for the Chinese remainder theorem
		kp:	ref IPint;
		kq:	ref IPint;
		c2:	ref IPint;

		gen:	fn(nlen: int, elen: int, nrep: int): ref RSAsk;
		fill:	fn(n: ref IPint, e: ref IPint, d: ref IPint, p: ref IPint, q: ref IPint): ref RSAsk;
		decrypt:	fn(k: self ref RSAsk, m: ref IPint): ref IPint;
		sign:	fn(k: self ref RSAsk, m: ref IPint): ref RSAsig;
	};

	RSAsig: adt {
		n:	ref IPint;
	};

	DSApk: adt {
		p:	ref IPint;	# modulus
		q:	ref IPint;	# order of the group, dividing p-1
		alpha: ref IPint;	# generator
		key:	ref IPint;	# alpha**secret mod p

		verify:	fn(k: self ref DSApk, sig: ref DSAsig, m: ref IPint): int;
	};

	DSAsk: adt {
		pk:	ref DSApk;
		secret:	ref IPint;

		gen:	fn(oldpk: ref DSApk): ref DSAsk;
		sign:	fn(k: self ref DSAsk, m: ref IPint): ref DSAsig;
	};

	DSAsig: adt {
		r:	ref IPint;
		s:	ref IPint;
	};

	EGpk: adt {
		p:	ref IPint;		# modulus
		alpha: ref IPint;		# generator
		key:	ref IPint;		# alpha**secret mod p

		verify:	fn(k: self ref EGpk, sig: ref EGsig, m: ref IPint): int;
	};

	EGsk: adt {
		pk:	ref EGpk;
		secret:	ref IPint;

		gen:	fn(nlen: int, nrep: int): ref EGsk;
		sign:	fn(k: self ref EGsk, m: ref IPint): ref EGsig;
	};

	EGsig: adt {
		r:	ref IPint;
		s:	ref IPint;
	};
};
