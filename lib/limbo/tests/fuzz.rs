//! Hostile input never panics the compiler (front end, and code generation of
//! whatever checks): random token soup, random bytes, and truncations of every
//! testdata source, random expressions. The tests count how far their inputs
//! got (past the parser, past the checker, through the code generator) and
//! require a share of them to get that far, so that a generator that only
//! ever made inputs the parser rejects would fail (only the soup of random
//! tokens, which is there for the parser's recovery, is exempt: none of it
//! parses); and the `compile` fuzz target, run on its seeds, must produce
//! modules.

mod common;

#[path = "../fuzz/compile_input.rs"]
mod compile_input;

use limbo::diag::{Diagnostics, Files};

/// A small deterministic generator (xorshift64*), so failures are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const VOCABULARY: &[&str] = &[
    "implement",
    "include",
    "\"sys.m\"",
    "module",
    "adt",
    "pick",
    "fn",
    "for",
    "while",
    "do",
    "if",
    "else",
    "case",
    "alt",
    "return",
    "break",
    "continue",
    "spawn",
    "exit",
    "raise",
    "raises",
    "exception",
    "con",
    "type",
    "import",
    "load",
    "ref",
    "array",
    "list",
    "chan",
    "of",
    "hd",
    "tl",
    "len",
    "tagof",
    "nil",
    "self",
    "cyclic",
    "iota",
    "to",
    "or",
    "int",
    "big",
    "byte",
    "real",
    "string",
    "fixed",
    "x",
    "y",
    "T",
    "Sys",
    "sys",
    "init",
    "A",
    "B",
    "0",
    "1",
    "16rFF",
    "2.5",
    "'c'",
    "\"s\"",
    "`raw`",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ";",
    ",",
    ":",
    ".",
    "->",
    "=>",
    ":=",
    "=",
    "<-",
    "<-=",
    "::",
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "&",
    "|",
    "^",
    "~",
    "!",
    "&&",
    "||",
    "<<",
    ">>",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "++",
    "--",
    "+=",
    "**=",
    "\n",
];

/// How far the compiler took an input.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Stage {
    /// The lexer or parser reported an error.
    Unparsed,
    /// Parsed cleanly; the checker reported an error.
    Parsed,
    /// Checked cleanly; the code generator refused it.
    Checked,
    /// Compiled to a module, which was written out.
    Generated,
}

/// How many inputs of a test reached each stage.
#[derive(Default, Debug)]
struct Tally {
    inputs: usize,
    parsed: usize,
    generated: usize,
}

impl Tally {
    fn count(&mut self, stage: Stage) {
        self.inputs += 1;
        self.parsed += usize::from(stage >= Stage::Parsed);
        self.generated += usize::from(stage == Stage::Generated);
    }

    /// Requires at least `parsed` per mille of the inputs to get past the
    /// parser and `generated` per mille through the code generator.
    fn require(&self, parsed: usize, generated: usize) {
        assert!(
            self.parsed * 1000 >= parsed * self.inputs
                && self.generated * 1000 >= generated * self.inputs,
            "too few inputs reached the checker ({parsed}\u{2030} wanted) or the code \
             generator ({generated}\u{2030} wanted): {self:?}"
        );
    }
}

/// Parses and checks the text; when it checks without error, generates and
/// writes its module too. Says how far it got.
fn check(text: &str) -> Stage {
    let mut loader = common::loader();
    let mut files = Files::default();
    let mut diags = Diagnostics::default();
    let program = limbo::parser::parse_text("fuzz.b", text, &mut loader, &mut files, &mut diags);
    let parsed = !diags.has_errors();
    let mut checked = limbo::check::check(program, &mut diags);
    let _ = diags.render(&files);
    if diags.has_errors() {
        return if parsed {
            Stage::Parsed
        } else {
            Stage::Unparsed
        };
    }
    match limbo::gen::generate_with_symbols(&mut checked, "fuzz.b", Some(&files)) {
        Ok((module, _)) => {
            let _ = module.write();
            Stage::Generated
        }
        Err(_) => Stage::Checked,
    }
}

#[test]
fn random_token_soup_never_panics() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for _ in 0..3000 {
        let n = 1 + rng.below(60);
        let text: Vec<&str> = (0..n)
            .map(|_| VOCABULARY[rng.below(VOCABULARY.len())])
            .collect();
        check(&text.join(" "));
    }
}

#[test]
fn soup_inside_a_valid_function_never_panics() {
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    let mut tally = Tally::default();
    for _ in 0..3000 {
        let n = 1 + rng.below(30);
        let soup: Vec<&str> = (0..n)
            .map(|_| VOCABULARY[rng.below(VOCABULARY.len())])
            .collect();
        tally.count(check(&format!(
            "implement T;\ninclude \"sys.m\";\nsys: Sys;\nT: module {{ init: fn(); }};\nP: adt {{ x: int; pick {{ A => s: string; }} }};\ninit()\n{{\n{}\n}}\n",
            soup.join(" ")
        )));
    }
    // 4 of the 3000 get through (the generator's seed is fixed).
    tally.require(1, 1);
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..500 {
        let n = rng.below(400);
        let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
        check(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn truncated_and_spliced_testdata_never_panics() {
    let mut rng = Rng(7);
    let mut whole = Tally::default();
    let mut cut_up = Tally::default();
    for path in common::sources() {
        let text = std::fs::read_to_string(&path).expect("source");
        whole.count(check(&text));
        let chars: Vec<char> = text.chars().collect();
        for _ in 0..12 {
            let cut = rng.below(chars.len() + 1);
            let truncated: String = chars[..cut].iter().collect();
            cut_up.count(check(&truncated));
            let from = rng.below(chars.len() + 1);
            let spliced: String = chars[..cut].iter().chain(chars[from..].iter()).collect();
            cut_up.count(check(&spliced));
        }
    }
    // Every source compiles whole; of the pieces, 280 of 2160 parse and 143
    // compile.
    whole.require(1000, 1000);
    cut_up.require(60, 30);
}

/// The seeds `tests/fuzz/run.sh` gives the `compile` fuzz target (every
/// source of `appl/`), through the target's own code.
#[test]
fn the_compile_targets_seeds_reach_code_generation() {
    let appl = common::module_dir().join("../appl");
    let mut seeds = Vec::new();
    let mut folders = vec![appl];
    while let Some(dir) = folders.pop() {
        for e in std::fs::read_dir(&dir).expect("appl folder").flatten() {
            let path = e.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|x| x == "b") {
                seeds.push(path);
            }
        }
    }
    let mut tally = Tally::default();
    for seed in &seeds {
        let bytes = std::fs::read(seed).expect("seed");
        let out = compile_input::compile_input(&bytes, common::module_dir());
        let stage = if out.output.is_some() {
            Stage::Generated
        } else {
            Stage::Unparsed
        };
        tally.count(stage);
    }
    // All 95 compile today; a few may come to need includes of their own.
    tally.require(900, 900);
}

/// A random expression of depth at most `depth` over the variables of
/// [`expression_function`] (of several types), literals, operators and
/// built-in functions: well formed, but often ill typed.
fn expression(rng: &mut Rng, depth: usize) -> String {
    const TERMS: &[&str] = &[
        "i", "j", "s", "r", "b", "l", "a", "c", "1", "0", "16rFF", "2.5", "'c'", "\"s\"", "big 3",
        "nil",
    ];
    const BINARY: &[&str] = &[
        "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "==", "!=", "<", ">", "<=", ">=", "&&",
        "||", "::", "**",
    ];
    if depth == 0 || rng.below(4) == 0 {
        return TERMS[rng.below(TERMS.len())].to_string();
    }
    let e = expression(rng, depth - 1);
    match rng.below(8) {
        0 => format!("-{e}"),
        1 => format!("len {e}"),
        2 => format!("hd {e}"),
        3 => format!("({e})[0]"),
        4 => format!("int {e}"),
        _ => {
            let op = BINARY[rng.below(BINARY.len())];
            format!("({e} {op} {})", expression(rng, depth - 1))
        }
    }
}

/// A module whose one function declares variables of several types and
/// assigns `e` to a new one and uses it.
fn expression_function(e: &str) -> String {
    format!(
        "implement T;\ninclude \"sys.m\";\nsys: Sys;\nT: module {{ f: fn(): int; }};\n\
         f(): int\n{{\n\ti := 1; j := 2; s := \"x\"; r := 1.5; b := big 7; l := 1 :: nil;\n\
         \ta := array[3] of int; c := array[2] of byte;\n\
         \tx := {e};\n\tif(x == x) return i;\n\treturn j;\n}}\n"
    )
}

#[test]
fn random_expressions_reach_the_checker_and_the_generator() {
    let mut rng = Rng(0xe4_9e55_1015);
    let mut tally = Tally::default();
    for _ in 0..2000 {
        let e = expression(&mut rng, 4);
        tally.count(check(&expression_function(&e)));
    }
    // All 2000 parse and 605 compile (the generator's seed is fixed).
    tally.require(990, 150);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    check(&format!(
        "x := {}1{};",
        "(".repeat(100_000),
        ")".repeat(100_000)
    ));
    check(&format!("init() {{ {} }}", "{".repeat(50_000)));
    check(&format!("x: {}int;", "array of ".repeat(50_000)));
    check(&format!("x := {}1;", "-".repeat(100_000)));
}
