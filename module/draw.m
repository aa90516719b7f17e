# The Draw built-in module: points, rectangles, images, displays, fonts,
# screens, and the graphics context every command receives. Names, types and
# member order follow the original interface, so signatures agree (a Command's
# init signature expands Context and everything it reaches).
# Needs sys.m included first (Sys->FD).

Draw: module
{
	PATH:	con "$Draw";

	# colours, as RGBA values for Display.color
	Opaque:		con int 16rFFFFFFFF;
	Transparent:	con int 16r00000000;
	Black:		con int 16r000000FF;
	White:		con int 16rFFFFFFFF;
	Red:		con int 16rFF0000FF;
	Green:		con int 16r00FF00FF;
	Blue:		con int 16r0000FFFF;
	Cyan:		con int 16r00FFFFFF;
	Magenta:	con int 16rFF00FFFF;
	Yellow:		con int 16rFFFF00FF;
	Grey:		con int 16rEEEEEEFF;
	Paleyellow:	con int 16rFFFFAAFF;
	Darkyellow:	con int 16rEEEE9EFF;
	Darkgreen:	con int 16r448844FF;
	Palegreen:	con int 16rAAFFAAFF;
	Medgreen:	con int 16r88CC88FF;
	Darkblue:	con int 16r000055FF;
	Palebluegreen:	con int 16rAAFFFFFF;
	Paleblue:	con int 16r0000BBFF;
	Bluegreen:	con int 16r008888FF;
	Greygreen:	con int 16r55AAAAFF;
	Palegreygreen:	con int 16r9EEEEEFF;
	Yellowgreen:	con int 16r99994CFF;
	Medblue:	con int 16r000099FF;
	Greyblue:	con int 16r005DBBFF;
	Palegreyblue:	con int 16r4993DDFF;
	Purpleblue:	con int 16r8888CCFF;

	Notacolor:	con int 16rFFFFFF00;
	Nofill:		con Notacolor;

	# line ends
	Endsquare:	con 0;
	Enddisc:	con 1;
	Endarrow:	con 2;

	# flushing
	Flushoff:	con 0;
	Flushon:	con 1;
	Flushnow:	con 2;

	# backing store
	Refbackup:	con 0;
	Refnone:	con 1;

	# Porter-Duff compositing
	SinD:	con 1<<3;
	DinS:	con 1<<2;
	SoutD:	con 1<<1;
	DoutS:	con 1<<0;

	S:	con SinD|SoutD;
	SoverD:	con SinD|SoutD|DoutS;
	SatopD:	con SinD|DoutS;
	SxorD:	con SoutD|DoutS;

	D:	con DinS|DoutS;
	DoverS:	con DinS|DoutS|SoutD;
	DatopS:	con DinS|SoutD;
	DxorS:	con DoutS|SoutD;

	Clear:	con 0;

	# pixel channel layout, packed into an int
	Chans: adt
	{
		desc:	int;

		mk:	fn(s: string): Chans;
		text:	fn(c: self Chans): string;
		eq:	fn(c: self Chans, d: Chans): int;
		depth:	fn(c: self Chans): int;
	};

	CRed, CGreen, CBlue, CGrey, CAlpha, CMap, CIgnore: con iota;

	GREY1: con Chans((CGrey<<4) | 1);
	GREY2: con Chans((CGrey<<4) | 2);
	GREY4: con Chans((CGrey<<4) | 4);
	GREY8: con Chans((CGrey<<4) | 8);
	CMAP8: con Chans((CMap<<4) | 8);
	RGB15: con Chans(((CIgnore<<4)|1)<<24 | ((CRed<<4)|5)<<16 | ((CGreen<<4)|5)<<8 | ((CBlue<<4)|5));
	RGB16: con Chans(((CRed<<4)|5)<<16 | ((CGreen<<4)|6)<<8 | ((CBlue<<4)|5));
	RGB24: con Chans(((CRed<<4)|8)<<16 | ((CGreen<<4)|8)<<8 | ((CBlue<<4)|8));
	RGBA32: con Chans((((CRed<<4)|8)<<16 | ((CGreen<<4)|8)<<8 | ((CBlue<<4)|8))<<8 | ((CAlpha<<4)|8));
	ARGB32: con Chans(((CAlpha<<4)|8)<<24 | ((CRed<<4)|8)<<16 | ((CGreen<<4)|8)<<8 | ((CBlue<<4)|8));
	XRGB32: con Chans(((CIgnore<<4)|8)<<24 | ((CRed<<4)|8)<<16 | ((CGreen<<4)|8)<<8 | ((CBlue<<4)|8));

	# a pixel position
	Point: adt
	{
		x:	int;
		y:	int;

		add:	fn(p: self Point, q: Point): Point;
		sub:	fn(p: self Point, q: Point): Point;
		mul:	fn(p: self Point, i: int): Point;
		div:	fn(p: self Point, i: int): Point;
		eq:	fn(p: self Point, q: Point): int;
		in:	fn(p: self Point, r: Rect): int;
	};

	# a rectangle, min inclusive, max exclusive
	Rect: adt
	{
		min:	Point;
		max:	Point;

		canon:		fn(r: self Rect): Rect;
		dx:		fn(r: self Rect): int;
		dy:		fn(r: self Rect): int;
		size:		fn(r: self Rect): Point;
		eq:		fn(r: self Rect, s: Rect): int;
		Xrect:		fn(r: self Rect, s: Rect): int;
		inrect:		fn(r: self Rect, s: Rect): int;
		clip:		fn(r: self Rect, s: Rect): (Rect, int);
		contains:	fn(r: self Rect, p: Point): int;
		combine:	fn(r: self Rect, s: Rect): Rect;
		addpt:		fn(r: self Rect, p: Point): Rect;
		subpt:		fn(r: self Rect, p: Point): Rect;
		inset:		fn(r: self Rect, n: int): Rect;
	};

	# a picture on a display (a window when made by Screen.newwindow)
	Image: adt
	{
		r:		Rect;
		clipr:		Rect;
		depth:		int;
		chans:		Chans;
		repl:		int;
		display:	ref Display;
		screen:		ref Screen;
		iname:		string;

		drawop:		fn(dst: self ref Image, r: Rect, src: ref Image, matte: ref Image, p: Point, op: int);
		draw:		fn(dst: self ref Image, r: Rect, src: ref Image, matte: ref Image, p: Point);
		gendrawop:	fn(dst: self ref Image, r: Rect, src: ref Image, p0: Point, matte: ref Image, p1: Point, op: int);
		gendraw:	fn(dst: self ref Image, r: Rect, src: ref Image, p0: Point, matte: ref Image, p1: Point);
		lineop:		fn(dst: self ref Image, p0,p1: Point, end0,end1,radius: int, src: ref Image, sp: Point, op: int);
		line:		fn(dst: self ref Image, p0,p1: Point, end0,end1,radius: int, src: ref Image, sp: Point);
		polyop:		fn(dst: self ref Image, p: array of Point, end0,end1,radius: int, src: ref Image, sp: Point, op: int);
		poly:		fn(dst: self ref Image, p: array of Point, end0,end1,radius: int, src: ref Image, sp: Point);
		bezsplineop:	fn(dst: self ref Image, p: array of Point, end0,end1,radius: int, src: ref Image, sp: Point, op: int);
		bezspline:	fn(dst: self ref Image, p: array of Point, end0,end1,radius: int, src: ref Image, sp: Point);
		fillpolyop:	fn(dst: self ref Image, p: array of Point, wind: int, src: ref Image, sp: Point, op: int);
		fillpoly:	fn(dst: self ref Image, p: array of Point, wind: int, src: ref Image, sp: Point);
		fillbezsplineop:	fn(dst: self ref Image, p: array of Point, wind: int, src: ref Image, sp: Point, op: int);
		fillbezspline:	fn(dst: self ref Image, p: array of Point, wind: int, src: ref Image, sp: Point);
		ellipseop:	fn(dst: self ref Image, c: Point, a, b, thick: int, src: ref Image, sp: Point, op: int);
		ellipse:	fn(dst: self ref Image, c: Point, a, b, thick: int, src: ref Image, sp: Point);
		fillellipseop:	fn(dst: self ref Image, c: Point, a, b: int, src: ref Image, sp: Point, op: int);
		fillellipse:	fn(dst: self ref Image, c: Point, a, b: int, src: ref Image, sp: Point);
		arcop:		fn(dst: self ref Image, c: Point, a, b, thick: int, src: ref Image, sp: Point, alpha, phi: int, op: int);
		arc:		fn(dst: self ref Image, c: Point, a, b, thick: int, src: ref Image, sp: Point, alpha, phi: int);
		fillarcop:	fn(dst: self ref Image, c: Point, a, b: int, src: ref Image, sp: Point, alpha, phi: int, op: int);
		fillarc:	fn(dst: self ref Image, c: Point, a, b: int, src: ref Image, sp: Point, alpha, phi: int);
		bezierop:	fn(dst: self ref Image, a,b,c,d: Point, end0,end1,radius: int, src: ref Image, sp: Point, op: int);
		bezier:		fn(dst: self ref Image, a,b,c,d: Point, end0,end1,radius: int, src: ref Image, sp: Point);
		fillbezierop:	fn(dst: self ref Image, a,b,c,d: Point, wind:int, src: ref Image, sp: Point, op: int);
		fillbezier:	fn(dst: self ref Image, a,b,c,d: Point, wind:int, src: ref Image, sp: Point);
		textop:		fn(dst: self ref Image, p: Point, src: ref Image, sp: Point, font: ref Font, str: string, op: int): Point;
		text:		fn(dst: self ref Image, p: Point, src: ref Image, sp: Point, font: ref Font, str: string): Point;
		textbgop:	fn(dst: self ref Image, p: Point, src: ref Image, sp: Point, font: ref Font, str: string, bg: ref Image, bgp: Point, op: int): Point;
		textbg:		fn(dst: self ref Image, p: Point, src: ref Image, sp: Point, font: ref Font, str: string, bg: ref Image, bgp: Point): Point;
		border:		fn(dst: self ref Image, r: Rect, i: int, src: ref Image, sp: Point);
		arrow:		fn(a,b,c: int): int;
		readpixels:	fn(src: self ref Image, r: Rect, data: array of byte): int;
		writepixels:	fn(dst: self ref Image, r: Rect, data: array of byte): int;
		name:		fn(src: self ref Image, name: string, in: int): int;
		top:		fn(win: self ref Image);
		bottom:		fn(win: self ref Image);
		flush:		fn(win: self ref Image, func: int);
		origin:		fn(win: self ref Image, log, scr: Point): int;
	};

	# a connection to a frame buffer
	Display: adt
	{
		image:		ref Image;
		white:		ref Image;
		black:		ref Image;
		opaque:		ref Image;
		transparent:	ref Image;

		allocate:	fn(dev: string): ref Display;
		startrefresh:	fn(d: self ref Display);
		publicscreen:	fn(d: self ref Display, id: int): ref Screen;
		getwindow:	fn(d: self ref Display, winname: string, screen: ref Screen, image: ref Image, backup: int): (ref Screen, ref Image);
		newimage:	fn(d: self ref Display, r: Rect, chans: Chans, repl, color: int): ref Image;
		color:		fn(d: self ref Display, color: int): ref Image;
		colormix:	fn(d: self ref Display, c1: int, c2: int): ref Image;
		rgb:		fn(d: self ref Display, r, g, b: int): ref Image;
		namedimage:	fn(d: self ref Display, name: string): ref Image;
		open:		fn(d: self ref Display, name: string): ref Image;
		readimage:	fn(d: self ref Display, fd: ref Sys->FD): ref Image;
		writeimage:	fn(d: self ref Display, fd: ref Sys->FD, i: ref Image): int;
		rgb2cmap:	fn(d: self ref Display, r, g, b: int): int;
		cmap2rgb:	fn(d: self ref Display, c: int): (int, int, int);
		cmap2rgba:	fn(d: self ref Display, c: int): int;
	};

	# character images on a display
	Font: adt
	{
		name:		string;
		height:		int;
		ascent:		int;
		display:	ref Display;

		open:		fn(d: ref Display, name: string): ref Font;
		build:		fn(d: ref Display, name, desc: string): ref Font;
		width:		fn(f: self ref Font, str: string): int;
		bbox:		fn(f: self ref Font, str: string): Rect;
	};

	# a set of windows on a display
	Screen: adt
	{
		id:		int;
		image:		ref Image;
		fill:		ref Image;
		display:	ref Display;

		allocate:	fn(image, fill: ref Image, public: int): ref Screen;
		newwindow:	fn(screen: self ref Screen, r: Rect, backing: int, color: int): ref Image;
		top:		fn(screen: self ref Screen, wins: array of ref Image);
		bottom:		fn(screen: self ref Screen, wins: array of ref Image);
	};

	# a mouse or stylus state
	Pointer: adt
	{
		buttons:	int;
		xy:		Point;
		msec:		int;
	};

	# what a command is given: where to draw and how to reach the window manager
	Context: adt
	{
		display:	ref Display;
		screen:		ref Screen;
		wm:		chan of (string, chan of (string, ref Wmcontext));
	};

	# one window manager connection
	Wmcontext: adt
	{
		kbd:		chan of int;
		ptr:		chan of ref Pointer;
		ctl:		chan of string;
		wctl:		chan of string;
		images:		chan of ref Image;
		connfd:		ref Sys->FD;
		ctxt:		ref Context;
	};

	setalpha:	fn(c: int, a: int): int;
	bytesperline:	fn(r: Rect, d: int): int;
	icossin:	fn(deg: int): (int, int);
	icossin2:	fn(p: Point): (int, int);
};
