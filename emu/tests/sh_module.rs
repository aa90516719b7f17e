//! `Sh` of `module/sh.m` for Limbo programs: a program compiled by our compiler
//! loads `/dis/sh.dis` (`appl/cmd/sh.b` over the built-in `$Sh`) and uses
//! `system`, `run`, `parse`, the text of commands and lists, and a context's
//! variables; its transcript shows each result.

mod system;

use system::{project, Root};

#[test]
fn a_program_runs_commands_and_parses_through_sh() {
    let root = Root::new("shmodule");
    root.compile(
        &project().join("emu/tests/programs/sh_module.b"),
        "tmp/t.dis",
    );
    let run = root.emu(&["/tmp/t.dis"]);
    assert_eq!(run.err, "fail says this\n");
    assert_eq!(
        run.out,
        "\
from system
system []
system [oops]
system [internal: parse error: syntax error]
system []
run a b
run []
block x
run [x]
parse [echo a|wc;{x}] []
parse [ls *.b '*'] []
parse [{echo 'it''s'}] []
parse [x=(1 2) y] []
parse nil [internal: parse error: syntax error]
parse nil []
shape (seq (pipe (adj 'echo' 'a') 'wc') (block 'x'))
shape (adj (adj (adj 'ls' '!*.b') '*') (redir '/dev/null' (1 2 -1)))
shape (nowait (adj (adj 'and' (block 'a')) (block 'b')))
shape (pipe (local 'x' (adj (var (block (adj 'f' (var 'y')))) (redir (block 'c') (0 -1 -1)))) 'd' (-1 2 -1))
tree [echo 'a b']
quoted [{echo hi} a 'b c' ''] ['{echo hi}' a 'b c' '']
<{echo hi}><a><b c><>
x one two y local
ctxt [2]
status 2
y after pop [] x [one two]
$2 [q]
$x
run words []
after run x [changed] z [new {echo z}] gone []
z is a block 1
z
raised fail:bad
"
    );
    assert_eq!(run.status, 0);
}

#[test]
fn load_takes_a_module_of_builtins_the_shell_does_not_carry_from_its_dis_file_and_keeps_it() {
    let root = Root::new("shbuiltins");
    root.compile(
        &project().join("emu/tests/programs/sh_builtins.b"),
        "tmp/b.dis",
    );
    let script = "load /tmp/b.dis; greet a 'b c'; echo st $status; greet; echo st $status; \
                  echo ${twice x {y}}; count; count; count | cat; echo ${loaded}; \
                  whatis count twice; unload /tmp/b.dis; greet; load /tmp/b.dis; count; \
                  load /tmp/none";
    let run = root.emu(&["sh", "-c", script]);
    assert_eq!(
        run.out,
        "hello a\nhello b c\nst \nst sad\nx x {y} {y}\ncount 1\ncount 2\ncount 3\n/tmp/b.dis\n\
         load /tmp/b.dis; count\nload /tmp/b.dis; ${twice}\ncount 1\n"
    );
    assert_eq!(
        run.err,
        "sh: greet: './greet' file does not exist\nsh: load: /tmp/none: no such builtin module\n"
    );
}
