# The Dis library (module/dis.m, appl/lib/dis.b): its exports carry the
# signatures of the original's /dis/lib/dis.dis (init 9cd71c5e, inst2s
# 2375edac, loadobj 15a35067, op2s a9b8ab85, src b2cd7190, read from the
# shipped object), so stock programs that load Dis link against ours;
# loadobj reads a module's name, links and imports; op2s names opcodes
# (OPn past the last); src gives the source path a module records when it
# is absolute (the path the compiler was given).
cd $t
echo 'implement Links;
include "sys.m";
	sys: Sys;
include "draw.m";
include "dis.m";
	dis: Dis;
Links: module
{
	init:	fn(nil: ref Draw->Context, argv: list of string);
};
init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	dis = load Dis Dis->PATH;
	dis->init();
	for(argv = tl argv; argv != nil; argv = tl argv){
		(m, err) := dis->loadobj(hd argv);
		if(m == nil){
			sys->print("%s: %s\n", hd argv, err);
			continue;
		}
		sys->print("%s: %s, src %q\n", hd argv, m.name, dis->src(hd argv));
		for(i := 0; i < len m.links; i++)
			sys->print("\t%s %ux\n", m.links[i].name, m.links[i].sig);
		for(i = 0; i < len m.imports; i++)
			for(j := 0; j < len m.imports[i]; j++)
				sys->print("\timports %s %ux\n", m.imports[i][j].name, m.imports[i][j].sig);
	}
	sys->print("%s %s %s %s\n", dis->op2s(Dis->INOP), dis->op2s(Dis->IMCALL), dis->op2s(Dis->ISELF), dis->op2s(Dis->MAXDIS));
}' > links.b
limbo $t/links.b
links /dis/lib/dis.dis links.dis
