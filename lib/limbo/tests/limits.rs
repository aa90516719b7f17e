//! Input-controlled depth has a stated limit: a long operator chain ends with a
//! clear error instead of overflowing the stack, and one within the limit compiles.

mod common;

fn chain(n: usize) -> String {
    format!(
        "implement T;\nT: module {{ init: fn(); }};\ninit() {{ x := 1{}; x++; }}\n",
        " + 1".repeat(n)
    )
}

#[test]
fn a_long_operator_chain_is_refused_at_the_stated_limit() {
    let mut loader = common::loader();
    let out = limbo::check_text("x.b", &chain(20_000), &mut loader);
    let text = out.diags.render(&out.files);
    assert!(
        text.contains("x.b:3: expression too deeply nested (more than 400 levels)"),
        "{text}"
    );
}

#[test]
fn a_chain_within_the_limit_compiles_on_a_small_stack() {
    let worker = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let mut loader = common::loader();
            let mut out = limbo::check_text("x.b", &chain(390), &mut loader);
            assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
            limbo::gen::generate(&mut out.checked, "x.b").is_ok()
        })
        .expect("thread");
    assert!(worker.join().expect("no overflow"));
}
