//! Hostile input never panics the compiler (front end, and code generation of
//! whatever checks): random token soup, random bytes, and truncations of every
//! testdata source.

mod common;

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

/// Check the text; when it checks without error, generate and write its module too.
fn check(text: &str) {
    let mut out = limbo::check_text("fuzz.b", text, &mut common::loader());
    let _ = out.diags.render(&out.files);
    if !out.diags.has_errors() {
        if let Ok((module, _)) =
            limbo::gen::generate_with_symbols(&mut out.checked, "fuzz.b", Some(&out.files))
        {
            let _ = module.write();
        }
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
    for _ in 0..3000 {
        let n = 1 + rng.below(30);
        let soup: Vec<&str> = (0..n)
            .map(|_| VOCABULARY[rng.below(VOCABULARY.len())])
            .collect();
        check(&format!(
            "implement T;\ninclude \"sys.m\";\nsys: Sys;\nT: module {{ init: fn(); }};\nP: adt {{ x: int; pick {{ A => s: string; }} }};\ninit()\n{{\n{}\n}}\n",
            soup.join(" ")
        ));
    }
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
    for path in common::sources() {
        let text = std::fs::read_to_string(&path).expect("source");
        let chars: Vec<char> = text.chars().collect();
        for _ in 0..12 {
            let cut = rng.below(chars.len() + 1);
            let truncated: String = chars[..cut].iter().collect();
            check(&truncated);
            let from = rng.below(chars.len() + 1);
            let spliced: String = chars[..cut].iter().chain(chars[from..].iter()).collect();
            check(&spliced);
        }
    }
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
