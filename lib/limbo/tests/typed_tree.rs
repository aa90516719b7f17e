//! The checker's output is what a code generator needs: resolved variables,
//! types with the original's sizes and offsets, folded constants.

mod common;

use limbo::ast::{DeclKind, ExprKind, StmtKind};
use limbo::check::VarKind;
use limbo::types::{Type, TypeId};
use limbo::value::Const;

const PROGRAM: &str = "implement T;
include \"sys.m\";
sys: Sys;
T: module { init: fn(); };
K: con len \"abcd\" * 2 + Sys->OWRITE;
total := 0;
init()
{
	x := 1;
	y := x + K;
	d: Sys->Dir;
	total = y;
}
";

#[test]
fn names_resolve_to_variables_and_constants_fold() {
    let out = limbo::check_text("t.b", PROGRAM, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    let c = out.checked;
    let init = c.functions.iter().find(|f| f.name == "init").expect("init");
    let names: Vec<&str> = init
        .locals
        .iter()
        .map(|v| c.var(*v).map(|v| v.name.as_str()).unwrap_or("?"))
        .collect();
    assert_eq!(names, ["x", "y", "d"]);
    assert!(init
        .locals
        .iter()
        .all(|v| c.var(*v).is_some_and(|v| v.kind == VarKind::Local)));
    let globals: Vec<&str> = c.globals().map(|(_, v)| v.name.as_str()).collect();
    assert_eq!(globals, ["sys", "total"]);

    let body = c
        .program
        .decls
        .iter()
        .find_map(|d| match &d.kind {
            DeclKind::Fn(f) => Some(&f.body),
            _ => None,
        })
        .expect("body");
    // y := x + K;  — x is the first local, K folds to 4*2+1
    let StmtKind::Expr(decl_y) = &body[1].kind else {
        panic!("not an expression")
    };
    let ExprKind::Declare(_, rhs) = &decl_y.kind else {
        panic!("not a declaration")
    };
    let ExprKind::Binary(_, x, k) = &rhs.kind else {
        panic!("not a binary")
    };
    assert_eq!(x.var, Some(init.locals[0]));
    assert_eq!(x.ty, TypeId::INT);
    assert_eq!(k.konst, Some(Const::Int(9)));
    // total = y;  — total is module data
    let StmtKind::Expr(assign) = &body[3].kind else {
        panic!("not an expression")
    };
    let ExprKind::Assign(_, lhs, _) = &assign.kind else {
        panic!("not an assignment")
    };
    let total = lhs.var.and_then(|v| c.var(v)).expect("total resolved");
    assert_eq!(
        (total.name.as_str(), total.kind),
        ("total", VarKind::Global)
    );
}

#[test]
fn sys_adts_have_the_original_layout() {
    let out = limbo::check_text("t.b", PROGRAM, &mut common::loader());
    let mut c = out.checked;
    let sys = c.module_named("Sys").expect("Sys");
    let member = |c: &limbo::check::Checked, n: &str| c.types.module(sys).member(n).expect(n).ty;
    let (dir, qid) = (member(&c, "Dir"), member(&c, "Qid"));
    assert_eq!(c.types.size(dir), 64);
    assert_eq!(
        c.types.member_offsets(dir),
        vec![0, 4, 8, 12, 16, 32, 36, 40, 48, 56, 60]
    );
    assert_eq!(c.types.size(qid), 16);
    assert!(matches!(c.types.get(dir), Type::Adt(..)));
    let fd = member(&c, "FD");
    let open = c.member_function_type(sys, "open").expect("open");
    assert_eq!(
        limbo::sign::sig_string(&mut c.types, open),
        "f(s,i)Ra(fd:i)"
    );
    assert_eq!(c.types.size(fd), 4);
}

#[test]
fn pick_variants_are_laid_out_after_the_tag_and_common_fields() {
    let text = "P: adt { x: int; pick { B => c: byte; R => r: real; S or T => s: string; } };\nQ: adt { b: byte; t: (byte, big, string, int); };";
    let out = limbo::check_text("t.b", text, &mut common::loader());
    let mut c = out.checked;
    let p = c.types.adts.iter().position(|a| a.name == "P").expect("P");
    let p = limbo::types::AdtId(p as u32);
    let variant = |c: &mut limbo::check::Checked, tag: &str| {
        let group = c
            .types
            .adt(p)
            .tags
            .iter()
            .find(|(n, _)| n == tag)
            .map(|(_, g)| *g)
            .expect("tag");
        c.types.mk_variant(p, group, Vec::new())
    };
    let (b, r, s, t) = (
        variant(&mut c, "B"),
        variant(&mut c, "R"),
        variant(&mut c, "S"),
        variant(&mut c, "T"),
    );
    assert_eq!(
        (c.types.member_offsets(b), c.types.size(b)),
        (vec![4, 8], 12)
    );
    assert_eq!(
        (c.types.member_offsets(r), c.types.size(r)),
        (vec![4, 8], 16)
    );
    assert_eq!(c.types.member_offsets(s), vec![4, 8]);
    assert_eq!(s, t, "tags declared together share one variant type");
    let q = c.types.adts.iter().position(|a| a.name == "Q").expect("Q");
    let q = c.types.mk_adt(limbo::types::AdtId(q as u32), Vec::new());
    assert_eq!(
        (c.types.member_offsets(q), c.types.size(q), c.types.align(q)),
        (vec![0, 8], 32, 8)
    );
}

#[test]
fn constant_folding_wraps_to_the_operand_width() {
    let text = "A: con 3**200;\nB: con 2**31;\nC: con big 2**62;\nD: con byte 300 + byte 1;\nE: con \"ab\" + string 0.5 + string 12;\nF: con 1<<31>>31;\nG: con -7 % 2;";
    let out = limbo::check_text("t.b", text, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    let values: Vec<Option<Const>> = out
        .checked
        .program
        .decls
        .iter()
        .map(|d| match &d.kind {
            DeclKind::Con { value, .. } => value.konst.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(
        values,
        vec![
            Some(Const::Int(-1426542431)),
            Some(Const::Int(-2147483648)),
            Some(Const::Int(1 << 62)),
            Some(Const::Int(45)),
            Some(Const::Str("ab.512".into())),
            Some(Const::Int(-1)),
            Some(Const::Int(-1)),
        ]
    );
}

#[test]
fn folded_shifts_outside_the_width_do_not_shift() {
    let text = "A: con 1<<32;\nB: con -8>>33;\nC: con big 1<<64;\nD: con big -8>>65;\nE: con 1<<-1;\nF: con -8>>31;\nG: con big -8>>63;";
    let out = limbo::check_text("t.b", text, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    let values: Vec<Option<Const>> = out
        .checked
        .program
        .decls
        .iter()
        .map(|d| match &d.kind {
            DeclKind::Con { value, .. } => value.konst.clone(),
            _ => None,
        })
        .collect();
    let want = [1, -8, 1, -8, 1, -1, -1];
    assert_eq!(values, want.map(|v| Some(Const::Int(v))).to_vec());
    let rendered = out.diags.render(&out.files);
    let warned: Vec<&str> = rendered.lines().collect();
    assert_eq!(
        warned,
        [
            "t.b:1: warning: shift amount 32 out of range",
            "t.b:2: warning: shift amount 33 out of range",
            "t.b:3: warning: shift amount 64 out of range",
            "t.b:4: warning: shift amount 65 out of range",
            "t.b:5: warning: shift amount -1 out of range",
        ]
    );
}
