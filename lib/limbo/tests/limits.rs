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

/// The first diagnostic of `body` inside `init`, or "".
fn first_error(body: &str) -> String {
    let text = format!("implement T;\nT: module {{ init: fn(); }};\ninit()\n{{\n{body}\n}}\n");
    let mut loader = common::loader();
    let out = limbo::check_text("x.b", &text, &mut loader);
    out.diags
        .sorted()
        .first()
        .map(|d| format!("{}: {}", d.span.start.line, d.message))
        .unwrap_or_default()
}

#[test]
fn overlapping_labels_are_found_among_many() {
    let many: Vec<String> = (0..5000).map(|i| format!("{} => ;", i * 3)).collect();
    let body = format!("case 1 {{\n{}\n4 to 6 => ;\n}}", many.join(" "));
    assert_eq!(
        first_error(&body),
        "7: case qualifier '4 to 6' overlaps with '6' on line 6"
    );
    assert_eq!(
        first_error("case 1 {\n0 to 9 => ;\n20 => ;\n5 => ;\n8 to 20 => ;\n}"),
        "8: case qualifier '5' overlaps with '0 to 9' on line 6"
    );
    assert_eq!(
        first_error("case \"b\" {\n\"a\" to \"c\" => ;\n\"d\" => ;\n\"b\" => ;\n}"),
        "8: case qualifier '\"b\"' overlaps with '\"a\" to \"c\"' on line 6"
    );
    assert_eq!(first_error("a := array[] of {0 => 1, 2 => 3, 1 => 2};"), "");
    assert_eq!(
        first_error("a := array[] of {0 => 1, 2 => 3, 0 to 1 => 2};"),
        "5: array index '0 to 1' overlaps with '0' on line 5"
    );
}
