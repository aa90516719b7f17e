# $Math on emu: constants, the floating-point control and status words, the
# functions of man/2/math-fp and math-elem, the linear-algebra primitives, the
# byte conversions and the exceptions of arguments that do not fit.
implement MathModule;

include "sys.m";
	sys: Sys;
include "draw.m";
include "math.m";
	math: Math;

MathModule: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

bits(x: real): string
{
	return sys->sprint("%bux", math->realbits64(x));
}

hex(d: array of byte): string
{
	s := "";
	for(i := 0; i < len d; i++)
		s += sys->sprint("%.2ux", int d[i]);
	return s;
}

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	math = load Math Math->PATH;
	sys->print("pi %s eps %s\n", bits(Math->Pi), bits(Math->MachEps));
	sys->print("control %d\n", math->getFPcontrol());
	all := Math->INVAL|Math->ZDIV|Math->OVFL|Math->UNFL|Math->INEX;
	sys->print("old %d now %d\n", math->FPcontrol(0, all), math->getFPcontrol());
	math->FPcontrol(Math->RND_PINF, Math->RND_MASK);
	sys->print("up %g down ", math->rint(2.1));
	math->FPcontrol(Math->RND_NINF, Math->RND_MASK);
	sys->print("%g zero ", math->rint(-2.5));
	math->FPcontrol(Math->RND_Z, Math->RND_MASK);
	sys->print("%g near ", math->rint(-2.7));
	math->FPcontrol(Math->RND_NR, Math->RND_MASK);
	sys->print("%g\n", math->rint(2.5));
	math->FPstatus(0, all);
	math->sqrt(-1.);
	sys->print("status %d", math->getFPstatus());
	math->log(0.);
	sys->print(" %d", math->FPstatus(0, Math->INVAL));
	sys->print(" %d\n", math->getFPstatus());
	sys->print("ilogb %d %d scalbn %g\n", math->ilogb(8.), math->ilogb(0.3), math->scalbn(3., 4));
	sys->print("copysign %g finite %d %d isnan %d\n", math->copysign(2., -0.),
		math->finite(Math->Infinity), math->finite(1.), math->isnan(Math->NaN));
	sys->print("nextafter %d\n", math->nextafter(1., 2.) - 1. == Math->MachEps);
	sys->print("fdim %g %g fmin %g fmax %g\n", math->fdim(5., 2.), math->fdim(2., 5.),
		math->fmin(1., -1.), math->fmax(1., -1.));
	sys->print("remainder %g fmod %g\n", math->remainder(7., 4.), math->fmod(7., 4.));
	(i, f) := math->modf(-3.75);
	sys->print("modf %d %g\n", i, f);
	(sign, lg) := math->lgamma(-0.5);
	sys->print("lgamma %d %.10f\n", sign, lg);
	sys->print("erf %s erfc %s j0 %g y0 %.10f jn %.10f\n", bits(math->erf(0.)),
		bits(math->erfc(0.)), math->j0(0.), math->y0(1.), math->jn(2, 1.));
	sys->print("pow10 %g pow %g hypot %g cbrt %g\n", math->pow10(3), math->pow(2., 10.),
		math->hypot(3., 4.), math->cbrt(27.));
	sys->print("sin %s atan2 %s\n", bits(math->sin(1.)), bits(math->atan2(1., -1.)));
	x := array[] of {3., -4., 1.};
	y := array[] of {1., 2., 3.};
	sys->print("dot %g norm1 %g norm2 %.10f iamax %d\n", math->dot(x, y), math->norm1(x),
		math->norm2(x), math->iamax(x));
	p := array[] of {0, 1, 2};
	math->sort(x, p);
	sys->print("sort %d %d %d\n", p[0], p[1], p[2]);
	a := array[] of {1., 2., 3., 4.};	# column-major [1 3; 2 4]
	b := array[] of {5., 6., 7., 8.};	# [5 7; 6 8]
	c := array[] of {1., 1., 1., 1.};
	math->gemm('N', 'N', 2, 2, 2, 1., a, 2, b, 2, 10., c, 2);
	sys->print("gemm %g %g %g %g\n", c[0], c[1], c[2], c[3]);
	math->gemm('T', 'N', 2, 2, 2, 1., a, 2, b, 2, 0., c, 2);
	sys->print("gemm T %g %g %g %g\n", c[0], c[1], c[2], c[3]);
	ib := array[8] of byte;
	math->export_int(ib, array[] of {1, -2});
	sys->print("export_int %s", hex(ib));
	iv := array[2] of int;
	math->import_int(ib, iv);
	sys->print(" back %d %d\n", iv[0], iv[1]);
	rb := array[8] of byte;
	math->export_real(rb, array[] of {1.5});
	rv := array[1] of real;
	math->import_real(rb, rv);
	sys->print("export_real %s back %g\n", hex(rb), rv[0]);
	math->export_real32(ib, array[] of {1., -0.5});
	math->import_real32(ib, y[0:2]);
	sys->print("export_real32 %s back %g %g\n", hex(ib), y[0], y[1]);
	sys->print("bits32real %g realbits32 %ux bits64real %g\n", math->bits32real(16r3f800000),
		math->realbits32(2.), math->bits64real(big 16r3ff8000000000000));
	{ math->dot(x, array[2] of real); } exception e { "*" => sys->print("dot: %s\n", e); }
	{ math->import_int(ib, array[3] of int); } exception e { "*" => sys->print("import: %s\n", e); }
	{ math->sort(x, array[] of {3}); } exception e { "*" => sys->print("sort: %s\n", e); }
	{ math->gemm('X', 'N', 1, 1, 1, 1., a, 1, b, 1, 0., c, 1); } exception e {
		"*" => sys->print("gemm: %s\n", e); }
	{ math->gemm('N', 'N', 3, 2, 2, 1., a, 3, b, 2, 0., c, 3); } exception e {
		"*" => sys->print("gemm: %s\n", e); }
}
