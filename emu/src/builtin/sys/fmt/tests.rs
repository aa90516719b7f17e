//! The print lines of the testdata programs, reproduced through [`format`]: each test
//! makes the program's calls with the same arguments and compares the text with the
//! lines the original printed (quoted from the `.out` transcripts, line numbers given).

use std::borrow::Cow;
use std::collections::VecDeque;

use super::{format, FormatArgs, FormatError, OUTPUT_LIMIT};
use dis::convert::{real_to_string, string_to_big, string_to_int, string_to_real};

#[derive(Clone, Debug)]
enum Arg {
    W(i32),
    B(i64),
    R(f64),
    S(Option<String>),
    H(Option<(i32, u32)>),
}
use Arg::*;

fn s(text: &str) -> Arg {
    S(Some(text.to_string()))
}

/// A frame holding exactly the arguments a call passes, checked kind by kind.
struct Frame(VecDeque<Arg>);

impl FormatArgs for Frame {
    fn word(&mut self) -> i32 {
        match self.0.pop_front() {
            Some(W(w)) => w,
            other => panic!("word expected, got {other:?}"),
        }
    }
    fn big(&mut self) -> i64 {
        match self.0.pop_front() {
            Some(B(b)) => b,
            other => panic!("big expected, got {other:?}"),
        }
    }
    fn real(&mut self) -> f64 {
        match self.0.pop_front() {
            Some(R(r)) => r,
            other => panic!("real expected, got {other:?}"),
        }
    }
    fn string(&mut self) -> Option<Cow<'_, str>> {
        match self.0.pop_front() {
            Some(S(s)) => s.map(Cow::Owned),
            other => panic!("string expected, got {other:?}"),
        }
    }
    fn heap_header(&mut self) -> Option<(i32, u32)> {
        match self.0.pop_front() {
            Some(H(h)) => h,
            other => panic!("pointer expected, got {other:?}"),
        }
    }
}

/// `sprint(fmt, args...)` with `errstr` as the error string.
fn sprint_err(fmt: &str, args: &[Arg], errstr: &str) -> String {
    let mut frame = Frame(args.iter().cloned().collect());
    let text = format(fmt, &mut frame, errstr).expect("format");
    assert!(frame.0.is_empty(), "{fmt:?} left arguments {:?}", frame.0);
    text
}

fn sprint(fmt: &str, args: &[Arg]) -> String {
    sprint_err(fmt, args, "")
}

/// Compares a transcript with the expected lines (each ended by a newline).
fn assert_lines(actual: &str, expected: &[&str]) {
    let actual: Vec<&str> = actual.split('\n').collect();
    let mut expected = expected.to_vec();
    expected.push("");
    for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(a, e, "line {} of the transcript", i + 1);
    }
    assert_eq!(actual.len(), expected.len(), "number of lines");
}

const INTS: [i32; 10] = [
    0,
    1,
    -1,
    42,
    -42,
    255,
    1000,
    123456789,
    2147483647,
    -2147483648,
];

#[test]
fn lang_fmt_ints() {
    // lang-fmt.out lines 1-30.
    let mut out = String::new();
    for v in INTS {
        out += &sprint(
            "[%d] [%5d] [%-5d] [%05d] [%+d] [%,d] [%.3d] [%12d]\n",
            &vec![W(v); 8],
        );
        out += &sprint(
            "  [%x] [%X] [%#x] [%#X] [%o] [%#o] [%08x] [%-8X]\n",
            &vec![W(v); 8],
        );
        out += &sprint("  [%ux] [%uX] [%uo] [%ud] [%#ux] [%12ud]\n", &vec![W(v); 6]);
    }
    assert_lines(&out, &[
            "[0] [    0] [0    ] [00000] [+0] [0] [000] [           0]",
            "  [0] [0] [0x0] [0X0] [0] [0] [00000000] [0       ]",
            "  [0] [0] [0] [0] [0x0] [           0]",
            "[1] [    1] [1    ] [00001] [+1] [1] [001] [           1]",
            "  [1] [1] [0x1] [0X1] [1] [01] [00000001] [1       ]",
            "  [1] [1] [1] [1] [0x1] [           1]",
            "[-1] [   -1] [-1   ] [-0001] [-1] [-1] [-001] [          -1]",
            "  [-1] [-1] [-0x1] [-0X1] [-1] [-01] [-0000001] [-1      ]",
            "  [ffffffff] [FFFFFFFF] [37777777777] [4294967295] [0xffffffff] [  4294967295]",
            "[42] [   42] [42   ] [00042] [+42] [42] [042] [          42]",
            "  [2a] [2A] [0x2a] [0X2A] [52] [052] [0000002a] [2A      ]",
            "  [2a] [2A] [52] [42] [0x2a] [          42]",
            "[-42] [  -42] [-42  ] [-0042] [-42] [-42] [-042] [         -42]",
            "  [-2a] [-2A] [-0x2a] [-0X2A] [-52] [-052] [-000002a] [-2A     ]",
            "  [ffffffd6] [FFFFFFD6] [37777777726] [4294967254] [0xffffffd6] [  4294967254]",
            "[255] [  255] [255  ] [00255] [+255] [255] [255] [         255]",
            "  [ff] [FF] [0xff] [0XFF] [377] [0377] [000000ff] [FF      ]",
            "  [ff] [FF] [377] [255] [0xff] [         255]",
            "[1000] [ 1000] [1000 ] [01000] [+1000] [1,000] [1000] [        1000]",
            "  [3e8] [3E8] [0x3e8] [0X3E8] [1750] [01750] [000003e8] [3E8     ]",
            "  [3e8] [3E8] [1750] [1000] [0x3e8] [        1000]",
            "[123456789] [123456789] [123456789] [123456789] [+123456789] [123,456,789] [123456789] [   123456789]",
            "  [75bcd15] [75BCD15] [0x75bcd15] [0X75BCD15] [726746425] [0726746425] [075bcd15] [75BCD15 ]",
            "  [75bcd15] [75BCD15] [726746425] [123456789] [0x75bcd15] [   123456789]",
            "[2147483647] [2147483647] [2147483647] [2147483647] [+2147483647] [2,147,483,647] [2147483647] [  2147483647]",
            "  [7fffffff] [7FFFFFFF] [0x7fffffff] [0X7FFFFFFF] [17777777777] [017777777777] [7fffffff] [7FFFFFFF]",
            "  [7fffffff] [7FFFFFFF] [17777777777] [2147483647] [0x7fffffff] [  2147483647]",
            "[-2147483648] [-2147483648] [-2147483648] [-2147483648] [-2147483648] [-2,147,483,648] [-2147483648] [ -2147483648]",
            "  [-80000000] [-80000000] [-0x80000000] [-0X80000000] [-20000000000] [-020000000000] [-80000000] [-80000000]",
            "  [80000000] [80000000] [20000000000] [2147483648] [0x80000000] [  2147483648]",
        ]);
}

#[test]
fn lang_fmt_bigs() {
    // lang-fmt.out lines 31-42.
    let bigs = [0, -1, 1 << 40, -(1 << 40), i64::MAX, i64::MIN];
    let mut out = String::new();
    for v in bigs {
        out += &sprint(
            "b [%bd] [%25bd] [%-25bd] [%025bd] [%+bd] [%,bd]\n",
            &vec![B(v); 6],
        );
        out += &sprint(
            "  [%bx] [%bX] [%#bx] [%bo] [%ubd] [%ubx] [%ubo]\n",
            &vec![B(v); 7],
        );
    }
    assert_lines(&out, &[
            "b [0] [                        0] [0                        ] [0000000000000000000000000] [+0] [0]",
            "  [0] [0] [0x0] [0] [0] [0] [0]",
            "b [-1] [                       -1] [-1                       ] [-000000000000000000000001] [-1] [-1]",
            "  [-1] [-1] [-0x1] [-1] [18446744073709551615] [ffffffffffffffff] [1777777777777777777777]",
            "b [1099511627776] [            1099511627776] [1099511627776            ] [0000000000001099511627776] [+1099511627776] [1,099,511,627,776]",
            "  [10000000000] [10000000000] [0x10000000000] [20000000000000] [1099511627776] [10000000000] [20000000000000]",
            "b [-1099511627776] [           -1099511627776] [-1099511627776           ] [-000000000001099511627776] [-1099511627776] [-1,099,511,627,776]",
            "  [-10000000000] [-10000000000] [-0x10000000000] [-20000000000000] [18446742974197923840] [ffffff0000000000] [1777777760000000000000]",
            "b [9223372036854775807] [      9223372036854775807] [9223372036854775807      ] [0000009223372036854775807] [+9223372036854775807] [9,223,372,036,854,775,807]",
            "  [7fffffffffffffff] [7FFFFFFFFFFFFFFF] [0x7fffffffffffffff] [777777777777777777777] [9223372036854775807] [7fffffffffffffff] [777777777777777777777]",
            "b [-9223372036854775808] [     -9223372036854775808] [-9223372036854775808     ] [-000009223372036854775808] [-9223372036854775808] [-9,223,372,036,854,775,808]",
            "  [-8000000000000000] [-8000000000000000] [-0x8000000000000000] [-1000000000000000000000] [9223372036854775808] [8000000000000000] [1000000000000000000000]",
        ]);
}

#[test]
fn lang_fmt_chars_and_strings() {
    // lang-fmt.out lines 43-50.
    let chars = [
        W('a' as i32),
        W('Z' as i32),
        W(0xe9),
        W(0x263a),
        W('x' as i32),
        W('y' as i32),
        W('%' as i32),
    ];
    let mut out = sprint("c [%c] [%c] [%c] [%c] [%5c] [%-3c] [%c]\n", &chars);
    for v in ["", "a", "hello", "hello world", "日本語", "tab\there"] {
        let arg = if v.is_empty() { S(None) } else { s(v) };
        out += &sprint(
            "s [%s] [%8s] [%-8s] [%.2s] [%8.3s] [%-8.1s] [%q]\n",
            &vec![arg; 7],
        );
    }
    out += &sprint("nil string [%s] [%5s] [%q]\n", &[S(None), S(None), S(None)]);
    assert_lines(&out, &[
            "c [a] [Z] [é] [☺] [    x] [y  ] [%]",
            "s [] [        ] [        ] [] [        ] [        ] ['']",
            "s [a] [       a] [a       ] [a] [       a] [a       ] [a]",
            "s [hello] [   hello] [hello   ] [he] [     hel] [h       ] [hello]",
            "s [hello world] [hello world] [hello world] [he] [     hel] [h       ] ['hello world']",
            "s [日本語] [     日本語] [日本語     ] [日本] [     日本語] [日       ] [日本語]",
            "s [tab\there] [tab\there] [tab\there] [ta] [     tab] [t       ] ['tab\there']",
            "nil string [] [     ] ['']",
        ]);
}

#[test]
fn lang_fmt_star_percent_and_sprint() {
    // lang-fmt.out lines 51-68.
    let mut out = String::new();
    for w in (-6..=6).step_by(3) {
        out += &sprint(
            "star [%*d] [%*s] [%.*s]\n",
            &[W(w), W(7), W(w), s("ab"), W(w + 6), s("abcdefghijkl")],
        );
    }
    out += &sprint("star both [%*.*d]\n", &[W(8), W(4), W(42)]);
    out += &sprint("100%% sure %d%%\n", &[W(50)]);
    out += &sprint(
        "mixed %d %s %bd %c %x %s %d\n",
        &[W(1), s("two"), B(3), W('4' as i32), W(5), s("six"), W(7)],
    );
    let t = sprint("%d-%s-%bd", &[W(12), s("ab"), B(34)]);
    out += &sprint(
        "sprint [%s] len %d\n",
        &[s(&t), W(t.chars().count() as i32)],
    );
    let e = sprint("", &[]);
    out += &sprint("sprint empty [%s] %d\n", &[S(None), W(e.is_empty() as i32)]);
    let long = sprint("%0300d", &[W(7)]);
    let n = long.len();
    out += &sprint(
        "sprint long len %d head %s tail %s\n",
        &[W(n as i32), s(&long[..3]), s(&long[n - 3..])],
    );
    let long = sprint("%-300s|", &[s("x")]);
    out += &sprint("sprint long2 len %d\n", &[W(long.chars().count() as i32)]);
    let a = sprint("%s=%d", &[s("héllo"), W(1)]);
    out += &sprint("aprint bytes %d string %s\n", &[W(a.len() as i32), s(&a)]);
    let u = sprint("%c%c", &[W(0x263a), W(0x65e5)]);
    out += &sprint("sprint unicode len %d\n", &[W(u.chars().count() as i32)]);
    let f = sprint("fprint %s\n", &[s("héllo")]);
    out += &f;
    out += &sprint("fprint returned %d\n", &[W(f.len() as i32)]);
    let p = sprint("print returns %d\n", &[W(12345)]);
    out += &p;
    out += &sprint("print returned %d\n", &[W(p.len() as i32)]);
    assert_lines(
        &out,
        &[
            "star [7     ] [ab    ] []",
            "star [7  ] [ab ] [abc]",
            "star [7] [ab] [abcdef]",
            "star [  7] [ ab] [abcdefghi]",
            "star [     7] [    ab] [abcdefghijkl]",
            "star both [    0042]",
            "100% sure 50%",
            "mixed 1 two 3 4 5 six 7",
            "sprint [12-ab-34] len 8",
            "sprint empty [] 1",
            "sprint long len 66 head 000 tail 007",
            "sprint long2 len 301",
            "aprint bytes 8 string héllo=1",
            "sprint unicode len 2",
            "fprint héllo",
            "fprint returned 14",
            "print returns 12345",
            "print returned 20",
        ],
    );
}

#[test]
fn lang_fmtq_quoting() {
    // lang-fmtq.out lines 1-31.
    let strs = [
        "plain",
        "",
        "two words",
        "tab\tsep",
        "new\nline",
        "it's",
        "''",
        "'",
        " lead",
        "trail ",
        "a=b;c|d{}$",
        "back\\slash",
        "dq\"x\"",
        "ünïcødé",
        "日本 語",
        "ctl\u{1}x",
        "del\u{7f}x",
        "nbsp\u{a0}x",
        "#hash",
        "semi;colon",
        "paren(x)",
        "star*",
        "q?",
        "a,b",
        "\r",
        "~",
    ];
    let mut out = String::new();
    for (i, v) in strs.iter().enumerate() {
        let arg = if v.is_empty() { S(None) } else { s(v) };
        out += &sprint("q %d [%q] [%#q]\n", &[W(i as i32), arg.clone(), arg]);
    }
    out += &sprint("nil [%q] [%#q]\n", &[S(None), S(None)]);
    out += &sprint("width [%10q] [%-10q]\n", &[s("a b"), s("c")]);
    let q = sprint("%q", &[s("x y")]);
    out += &sprint(
        "sprint q %s len %d\n",
        &[s(&q), W(q.chars().count() as i32)],
    );
    assert_lines(
        &out,
        &[
            "q 0 [plain] ['plain']",
            "q 1 [''] ['']",
            "q 2 ['two words'] ['two words']",
            "q 3 ['tab\tsep'] ['tab\tsep']",
            "q 4 ['new",
            "line'] ['new",
            "line']",
            "q 5 ['it''s'] ['it''s']",
            "q 6 [''''''] ['''''']",
            "q 7 [''''] ['''']",
            "q 8 [' lead'] [' lead']",
            "q 9 ['trail '] ['trail ']",
            "q 10 [a=b;c|d{}$] ['a=b;c|d{}$']",
            "q 11 [back\\slash] ['back\\slash']",
            "q 12 [dq\"x\"] ['dq\"x\"']",
            "q 13 [ünïcødé] ['ünïcødé']",
            "q 14 ['日本 語'] ['日本 語']",
            "q 15 ['ctl\u{1}x'] ['ctl\u{1}x']",
            "q 16 [del\u{7f}x] ['del\u{7f}x']",
            "q 17 [nbsp x] ['nbsp x']",
            "q 18 [#hash] ['#hash']",
            "q 19 [semi;colon] ['semi;colon']",
            "q 20 [paren(x)] ['paren(x)']",
            "q 21 [star*] ['star*']",
            "q 22 [q?] ['q?']",
            "q 23 [a,b] ['a,b']",
            "q 24 ['\r'] ['\r']",
            "q 25 [~] ['~']",
            "nil [''] ['']",
            "width [     'a b'] [c         ]",
            "sprint q 'x y' len 5",
        ],
    );
}

#[test]
fn lang_fmtq_error_strings() {
    // lang-fmtq.out lines 32-33, 35 and 38-39.
    let missing = "'/nonexistent' file does not exist";
    let mut out = sprint_err("werrstr [%r]\n", &[], "custom error text");
    out += &sprint_err("open nil %d [%r]\n", &[W(1)], missing);
    assert_lines(
        &out,
        &[
            "werrstr [custom error text]",
            "open nil 1 ['/nonexistent' file does not exist]",
        ],
    );
    let e = sprint_err("err=%r", &[], missing);
    assert_lines(
        &sprint("sprint r [%s]\n", &[s(&e)]),
        &["sprint r [err='/nonexistent' file does not exist]"],
    );
    let mut out = sprint_err("cleared [%r]\n", &[], "");
    out += &sprint_err("unicode err [%r]\n", &[], "ünï ☺");
    assert_lines(&out, &["cleared []", "unicode err [ünï ☺]"]);
}

#[test]
fn lang_realfmt() {
    // lang-realfmt.out, all 131 lines.
    let vals = [
        0.0,
        1.0,
        -1.0,
        0.5,
        -0.25,
        0.125,
        1.5,
        2.0,
        3.0,
        10.0,
        100.0,
        1e6,
        1e7,
        1e10,
        3.75,
        0.375,
        -6.125,
        0.0009765625,
        6.103515625e-05,
        0.001953125,
        12.5,
        -40.0,
    ];
    let mut out = String::new();
    for (i, &v) in vals.iter().enumerate() {
        let i = W(i as i32);
        out += &sprint("v%d g[%g] f[%f] e[%e]\n", &[i.clone(), R(v), R(v), R(v)]);
        out += &sprint(
            "v%d .3f[%.3f] .1f[%.1f] .0f[%.0f] .2e[%.2e] .0e[%.0e]\n",
            &[i.clone(), R(v), R(v), R(v), R(v), R(v)],
        );
        out += &sprint(
            "v%d .3g[%.3g] .10g[%.10g] 10g[%10g] -10g[%-10g]\n",
            &[i.clone(), R(v), R(v), R(v), R(v)],
        );
        out += &sprint(
            "v%d 12.3f[%12.3f] -12.3f[%-12.3f] +.2f[%+.2f] 12.3e[%12.3e]\n",
            &[i.clone(), R(v), R(v), R(v), R(v)],
        );
        out += &sprint(
            "v%d E[%E] G[%G] s[%s]\n",
            &[i, R(v), R(v), s(&real_to_string(v))],
        );
    }
    for h in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 0.125, 0.375, 0.625] {
        out += &sprint("half %g .0f[%.0f] .2f[%.2f] .0e[%.0e]\n", &vec![R(h); 4]);
    }
    for w in (0..12).step_by(3) {
        out += &sprint("star [%*.*f]\n", &[W(w), W(w / 3), R(3.125)]);
    }
    out += &sprint("star e [%*e]\n", &[W(16), R(1.5)]);
    out += &sprint("star neg width [%*g]\n", &[W(-8), R(2.5)]);
    out += &sprint("plus [%+g] [%+g] [%+e]\n", &[R(1.5), R(-1.5), R(0.0)]);
    out += &sprint(
        "hash [%#g] [%#.3g] [%#.0f] [%#.0e]\n",
        &[R(2.0), R(2.0), R(3.0), R(3.0)],
    );
    out += &sprint("zero pad [%08.3f] [%08g]\n", &[R(3.125), R(2.5)]);
    let t = sprint("%g|%f|%e", &vec![R(0.75); 3]);
    out += &sprint("sprint %s len %d\n", &[s(&t), W(t.len() as i32)]);
    let t = sprint("%5.1f%%", &[R(99.5)]);
    out += &sprint("sprint pct %s\n", &[s(&t)]);
    out += &sprint(
        "mixed %d %g %d %g %bd %g\n",
        &[W(1), R(0.5), W(2), R(0.25), B(3), R(0.125)],
    );
    assert_lines(&out, &[
            "v0 g[0] f[0.000000] e[0.000000e+00]",
            "v0 .3f[0.000] .1f[0.0] .0f[0] .2e[0.00e+00] .0e[0e+00]",
            "v0 .3g[0] .10g[0] 10g[         0] -10g[0         ]",
            "v0 12.3f[       0.000] -12.3f[0.000       ] +.2f[+0.00] 12.3e[   0.000e+00]",
            "v0 E[0.000000E+00] G[0] s[0]",
            "v1 g[1] f[1.000000] e[1.000000e+00]",
            "v1 .3f[1.000] .1f[1.0] .0f[1] .2e[1.00e+00] .0e[1e+00]",
            "v1 .3g[1] .10g[1] 10g[         1] -10g[1         ]",
            "v1 12.3f[       1.000] -12.3f[1.000       ] +.2f[+1.00] 12.3e[   1.000e+00]",
            "v1 E[1.000000E+00] G[1] s[1]",
            "v2 g[-1] f[-1.000000] e[-1.000000e+00]",
            "v2 .3f[-1.000] .1f[-1.0] .0f[-1] .2e[-1.00e+00] .0e[-1e+00]",
            "v2 .3g[-1] .10g[-1] 10g[        -1] -10g[-1        ]",
            "v2 12.3f[      -1.000] -12.3f[-1.000      ] +.2f[-1.00] 12.3e[  -1.000e+00]",
            "v2 E[-1.000000E+00] G[-1] s[-1]",
            "v3 g[.5] f[0.500000] e[5.000000e-01]",
            "v3 .3f[0.500] .1f[0.5] .0f[0] .2e[5.00e-01] .0e[5e-01]",
            "v3 .3g[0.5] .10g[0.5] 10g[       0.5] -10g[0.5       ]",
            "v3 12.3f[       0.500] -12.3f[0.500       ] +.2f[+0.50] 12.3e[   5.000e-01]",
            "v3 E[5.000000E-01] G[.5] s[.5]",
            "v4 g[-.25] f[-0.250000] e[-2.500000e-01]",
            "v4 .3f[-0.250] .1f[-0.2] .0f[-0] .2e[-2.50e-01] .0e[-2e-01]",
            "v4 .3g[-0.25] .10g[-0.25] 10g[     -0.25] -10g[-0.25     ]",
            "v4 12.3f[      -0.250] -12.3f[-0.250      ] +.2f[-0.25] 12.3e[  -2.500e-01]",
            "v4 E[-2.500000E-01] G[-.25] s[-.25]",
            "v5 g[.125] f[0.125000] e[1.250000e-01]",
            "v5 .3f[0.125] .1f[0.1] .0f[0] .2e[1.25e-01] .0e[1e-01]",
            "v5 .3g[0.125] .10g[0.125] 10g[     0.125] -10g[0.125     ]",
            "v5 12.3f[       0.125] -12.3f[0.125       ] +.2f[+0.12] 12.3e[   1.250e-01]",
            "v5 E[1.250000E-01] G[.125] s[.125]",
            "v6 g[1.5] f[1.500000] e[1.500000e+00]",
            "v6 .3f[1.500] .1f[1.5] .0f[2] .2e[1.50e+00] .0e[2e+00]",
            "v6 .3g[1.5] .10g[1.5] 10g[       1.5] -10g[1.5       ]",
            "v6 12.3f[       1.500] -12.3f[1.500       ] +.2f[+1.50] 12.3e[   1.500e+00]",
            "v6 E[1.500000E+00] G[1.5] s[1.5]",
            "v7 g[2] f[2.000000] e[2.000000e+00]",
            "v7 .3f[2.000] .1f[2.0] .0f[2] .2e[2.00e+00] .0e[2e+00]",
            "v7 .3g[2] .10g[2] 10g[         2] -10g[2         ]",
            "v7 12.3f[       2.000] -12.3f[2.000       ] +.2f[+2.00] 12.3e[   2.000e+00]",
            "v7 E[2.000000E+00] G[2] s[2]",
            "v8 g[3] f[3.000000] e[3.000000e+00]",
            "v8 .3f[3.000] .1f[3.0] .0f[3] .2e[3.00e+00] .0e[3e+00]",
            "v8 .3g[3] .10g[3] 10g[         3] -10g[3         ]",
            "v8 12.3f[       3.000] -12.3f[3.000       ] +.2f[+3.00] 12.3e[   3.000e+00]",
            "v8 E[3.000000E+00] G[3] s[3]",
            "v9 g[10] f[10.000000] e[1.000000e+01]",
            "v9 .3f[10.000] .1f[10.0] .0f[10] .2e[1.00e+01] .0e[1e+01]",
            "v9 .3g[10] .10g[10] 10g[        10] -10g[10        ]",
            "v9 12.3f[      10.000] -12.3f[10.000      ] +.2f[+10.00] 12.3e[   1.000e+01]",
            "v9 E[1.000000E+01] G[10] s[10]",
            "v10 g[100] f[100.000000] e[1.000000e+02]",
            "v10 .3f[100.000] .1f[100.0] .0f[100] .2e[1.00e+02] .0e[1e+02]",
            "v10 .3g[100] .10g[100] 10g[       100] -10g[100       ]",
            "v10 12.3f[     100.000] -12.3f[100.000     ] +.2f[+100.00] 12.3e[   1.000e+02]",
            "v10 E[1.000000E+02] G[100] s[100]",
            "v11 g[1e+06] f[1000000.000000] e[1.000000e+06]",
            "v11 .3f[1000000.000] .1f[1000000.0] .0f[1000000] .2e[1.00e+06] .0e[1e+06]",
            "v11 .3g[1e+06] .10g[1000000] 10g[     1e+06] -10g[1e+06     ]",
            "v11 12.3f[ 1000000.000] -12.3f[1000000.000 ] +.2f[+1000000.00] 12.3e[   1.000e+06]",
            "v11 E[1.000000E+06] G[1E+06] s[1e+06]",
            "v12 g[1e+07] f[10000000.000000] e[1.000000e+07]",
            "v12 .3f[10000000.000] .1f[10000000.0] .0f[10000000] .2e[1.00e+07] .0e[1e+07]",
            "v12 .3g[1e+07] .10g[10000000] 10g[     1e+07] -10g[1e+07     ]",
            "v12 12.3f[10000000.000] -12.3f[10000000.000] +.2f[+10000000.00] 12.3e[   1.000e+07]",
            "v12 E[1.000000E+07] G[1E+07] s[1e+07]",
            "v13 g[1e+10] f[10000000000.000000] e[1.000000e+10]",
            "v13 .3f[10000000000.000] .1f[10000000000.0] .0f[10000000000] .2e[1.00e+10] .0e[1e+10]",
            "v13 .3g[1e+10] .10g[1e+10] 10g[     1e+10] -10g[1e+10     ]",
            "v13 12.3f[10000000000.000] -12.3f[10000000000.000] +.2f[+10000000000.00] 12.3e[   1.000e+10]",
            "v13 E[1.000000E+10] G[1E+10] s[1e+10]",
            "v14 g[3.75] f[3.750000] e[3.750000e+00]",
            "v14 .3f[3.750] .1f[3.8] .0f[4] .2e[3.75e+00] .0e[4e+00]",
            "v14 .3g[3.75] .10g[3.75] 10g[      3.75] -10g[3.75      ]",
            "v14 12.3f[       3.750] -12.3f[3.750       ] +.2f[+3.75] 12.3e[   3.750e+00]",
            "v14 E[3.750000E+00] G[3.75] s[3.75]",
            "v15 g[.375] f[0.375000] e[3.750000e-01]",
            "v15 .3f[0.375] .1f[0.4] .0f[0] .2e[3.75e-01] .0e[4e-01]",
            "v15 .3g[0.375] .10g[0.375] 10g[     0.375] -10g[0.375     ]",
            "v15 12.3f[       0.375] -12.3f[0.375       ] +.2f[+0.38] 12.3e[   3.750e-01]",
            "v15 E[3.750000E-01] G[.375] s[.375]",
            "v16 g[-6.125] f[-6.125000] e[-6.125000e+00]",
            "v16 .3f[-6.125] .1f[-6.1] .0f[-6] .2e[-6.12e+00] .0e[-6e+00]",
            "v16 .3g[-6.12] .10g[-6.125] 10g[    -6.125] -10g[-6.125    ]",
            "v16 12.3f[      -6.125] -12.3f[-6.125      ] +.2f[-6.12] 12.3e[  -6.125e+00]",
            "v16 E[-6.125000E+00] G[-6.125] s[-6.125]",
            "v17 g[.0009765625] f[0.000977] e[9.765625e-04]",
            "v17 .3f[0.001] .1f[0.0] .0f[0] .2e[9.77e-04] .0e[1e-03]",
            "v17 .3g[0.000977] .10g[0.0009765625] 10g[0.000976562] -10g[0.000976562]",
            "v17 12.3f[       0.001] -12.3f[0.001       ] +.2f[+0.00] 12.3e[   9.766e-04]",
            "v17 E[9.765625E-04] G[.0009765625] s[.0009765625]",
            "v18 g[6.103515625e-05] f[0.000061] e[6.103516e-05]",
            "v18 .3f[0.000] .1f[0.0] .0f[0] .2e[6.10e-05] .0e[6e-05]",
            "v18 .3g[6.1e-05] .10g[6.103515625e-05] 10g[6.10352e-05] -10g[6.10352e-05]",
            "v18 12.3f[       0.000] -12.3f[0.000       ] +.2f[+0.00] 12.3e[   6.104e-05]",
            "v18 E[6.103516E-05] G[6.103515625E-05] s[6.103515625e-05]",
            "v19 g[.001953125] f[0.001953] e[1.953125e-03]",
            "v19 .3f[0.002] .1f[0.0] .0f[0] .2e[1.95e-03] .0e[2e-03]",
            "v19 .3g[0.00195] .10g[0.001953125] 10g[0.00195312] -10g[0.00195312]",
            "v19 12.3f[       0.002] -12.3f[0.002       ] +.2f[+0.00] 12.3e[   1.953e-03]",
            "v19 E[1.953125E-03] G[.001953125] s[.001953125]",
            "v20 g[12.5] f[12.500000] e[1.250000e+01]",
            "v20 .3f[12.500] .1f[12.5] .0f[12] .2e[1.25e+01] .0e[1e+01]",
            "v20 .3g[12.5] .10g[12.5] 10g[      12.5] -10g[12.5      ]",
            "v20 12.3f[      12.500] -12.3f[12.500      ] +.2f[+12.50] 12.3e[   1.250e+01]",
            "v20 E[1.250000E+01] G[12.5] s[12.5]",
            "v21 g[-40] f[-40.000000] e[-4.000000e+01]",
            "v21 .3f[-40.000] .1f[-40.0] .0f[-40] .2e[-4.00e+01] .0e[-4e+01]",
            "v21 .3g[-40] .10g[-40] 10g[       -40] -10g[-40       ]",
            "v21 12.3f[     -40.000] -12.3f[-40.000     ] +.2f[-40.00] 12.3e[  -4.000e+01]",
            "v21 E[-4.000000E+01] G[-40] s[-40]",
            "half .5 .0f[0] .2f[0.50] .0e[5e-01]",
            "half 1.5 .0f[2] .2f[1.50] .0e[2e+00]",
            "half 2.5 .0f[2] .2f[2.50] .0e[2e+00]",
            "half 3.5 .0f[4] .2f[3.50] .0e[4e+00]",
            "half -.5 .0f[-0] .2f[-0.50] .0e[-5e-01]",
            "half -1.5 .0f[-2] .2f[-1.50] .0e[-2e+00]",
            "half .125 .0f[0] .2f[0.12] .0e[1e-01]",
            "half .375 .0f[0] .2f[0.38] .0e[4e-01]",
            "half .625 .0f[1] .2f[0.62] .0e[6e-01]",
            "star [3]",
            "star [3.1]",
            "star [  3.12]",
            "star [    3.125]",
            "star e [    1.500000e+00]",
            "star neg width [2.5     ]",
            "plus [1.5] [-1.5] [+0.000000e+00]",
            "hash [2] [2.00] [3.] [3.e+00]",
            "zero pad [   3.125] [     2.5]",
            "sprint .75|0.750000|7.500000e-01 len 25",
            "sprint pct  99.5%",
            "mixed 1 .5 2 .25 3 .125",
        ]);
}

#[test]
fn rt_sys_print_verbs() {
    // rt-sys-print.out lines 21-27.
    let mut out = sprint(
        "[%5d] [%-5d] [%05d] [%x] [%X] [%#x] [%o] [%+d] [%,d]\n",
        &[
            W(42),
            W(42),
            W(42),
            W(255),
            W(255),
            W(255),
            W(8),
            W(7),
            W(1234567),
        ],
    );
    out += &sprint(
        "[%ux] [%bd] [%bx] [%ubd]\n",
        &[W(-1), B(-1), B(0xdeadbeefcafe), B(-1)],
    );
    let reals = [
        0.5,
        100.0,
        -0.0078125,
        1180591620717411303424.0,
        0.0,
        0.375,
        3.140625,
        12345.5,
        0.0001220703125,
        0.0000152587890625,
        2.5,
    ];
    out += &sprint(
        "[%g] [%g] [%g] [%g] [%g] [%f] [%.2f] [%e] [%10.3e] [%G] [%.3g]\n",
        &reals.map(R),
    );
    out += &sprint(
        "[%s] [%10s] [%-10s] [%.3s] [%q] [%q] [%q] [%#q]\n",
        &[
            s("str"),
            s("right"),
            s("left"),
            s("truncate"),
            s("plain"),
            s("has space"),
            s("it's"),
            s("x"),
        ],
    );
    out += &sprint(
        "[%c%c%c] [%5c] [%%] [%*d] [%-*d]\n",
        &[
            W('a' as i32),
            W('ß' as i32),
            W('ℵ' as i32),
            W('z' as i32),
            W(6),
            W(12),
            W(6),
            W(12),
        ],
    );
    out += &sprint_err("[%r]\n", &[], "custom error text");
    out += &sprint("[%s] [%q] nil string\n", &[S(None), S(None)]);
    assert_lines(&out, &[
            "[   42] [42   ] [00042] [ff] [FF] [0xff] [10] [+7] [1,234,567]",
            "[ffffffff] [-1] [deadbeefcafe] [18446744073709551615]",
            "[.5] [100] [-.0078125] [1180591620717411300000] [0] [0.375000] [3.14] [1.234550e+04] [ 1.221e-04] [1.52587890625E-05] [2.5]",
            "[str] [     right] [left      ] [tru] [plain] ['has space'] ['it''s'] ['x']",
            "[aßℵ] [    z] [%] [    12] [12    ]",
            "[custom error text]",
            "[] [''] nil string",
        ]);
}

#[test]
fn rt_sys_tokenize_nul_in_string() {
    // rt-sys-tokenize.out line 35: %s stops at a NUL.
    let out = sprint(
        "print of a string with a NUL: [%s]\n",
        &[s("before\0after")],
    );
    assert_lines(&out, &["print of a string with a NUL: [before]"]);
}

#[test]
fn lang_big_printing() {
    // lang-big.out lines 62-67.
    let x = 123456789012;
    let mut out = sprint(
        "%%bd %bd %%bx %bx %%bX %bX %%bo %bo\n",
        &[B(255), B(255), B(255), B(8)],
    );
    out += &sprint("neg %bx %bo\n", &[B(-255), B(-8)]);
    out += &sprint("%%ubd %ubd %%ubx %ubx\n", &[B(-1), B(-1)]);
    out += &sprint(
        "%%20bd [%20bd] %%-20bd [%-20bd] %%020bd [%020bd]\n",
        &[B(i64::MAX), B(i64::MIN), B(x)],
    );
    out += &sprint("%%#bx %#bx %%,bd %,bd\n", &[B(x), B(x)]);
    out += &sprint("%%+bd %+bd\n", &[B(x)]);
    assert_lines(&out, &[
            "%bd 255 %bx ff %bX FF %bo 10",
            "neg -ff -10",
            "%ubd 18446744073709551615 %ubx ffffffffffffffff",
            "%20bd [ 9223372036854775807] %-20bd [-9223372036854775808] %020bd [00000000123456789012]",
            "%#bx 0x1cbe991a14 %,bd 123,456,789,012",
            "%+bd +123456789012",
        ]);
}

#[test]
fn lang_unicode_printing() {
    // lang-unicode.out lines 2 (dump of "héllo"), 12, 16 and 20-21.
    let mut dump = sprint("%s: len %d [", &[s("latin1"), W(5)]);
    for (i, c) in "héllo".chars().enumerate() {
        dump += if i > 0 { " " } else { "" };
        dump += &sprint("%ux", &[W(c as i32)]);
    }
    dump += &sprint("] bytes %d [", &[W(6)]);
    for (i, b) in "héllo".bytes().enumerate() {
        dump += if i > 0 { " " } else { "" };
        dump += &sprint("%02ux", &[W(i32::from(b))]);
    }
    dump += "]\n";
    assert_lines(
        &dump,
        &["latin1: len 5 [68 e9 6c 6c 6f] bytes 6 [68 c3 a9 6c 6c 6f]"],
    );
    assert_lines(
        &sprint("s[2] %d %c\n", &[W(0xef), W(0xef)]),
        &["s[2] 239 ï"],
    );
    assert_lines(
        &sprint("j[1] %ux %c\n", &[W(0x672c), W(0x672c)]),
        &["j[1] 672c 本"],
    );
    let mut out = sprint(
        "width [%5s] [%-5s] [%.2s]\n",
        &[s("日本"), s("日本"), s("日本語")],
    );
    out += &sprint(
        "%%c: %c %c %c %c\n",
        &[W(0x41), W(0xe9), W(0x263a), W(0x1d11e)],
    );
    assert_lines(&out, &["width [   日本] [日本   ] [日本]", "%c: A é ☺ 𝄞"]);
}

/// The hand-written parser of lang-strconv.b, for the `parse` column.
fn limbo_parse(s: &str) -> i32 {
    let s = s.as_bytes();
    let mut i = 0;
    let neg = s.first() == Some(&b'-');
    if matches!(s.first(), Some(b'-' | b'+')) {
        i = 1;
    }
    let mut n = 0i32;
    while let Some(d @ b'0'..=b'9') = s.get(i) {
        n = n.wrapping_mul(10).wrapping_add(i32::from(d - b'0'));
        i += 1;
    }
    if neg {
        n.wrapping_neg()
    } else {
        n
    }
}

#[test]
fn lang_strconv_conversions() {
    // lang-strconv.out lines 6 and 9-32: conversions printed with %q %d %bd %g.
    let inputs = [
        "42",
        "-42",
        "+42",
        "  17",
        "\t-8",
        "12abc",
        "abc",
        "",
        "0",
        "-0",
        "007",
        "16rff",
        "0x1f",
        "8r17",
        "1e3",
        "3.75",
        "-3.75",
        " - 5",
        "--5",
        "65535",
        "-2147483648",
        "99 bottles",
        "\n 64",
    ];
    let reals = [0.5, 1.0, -2.25, 1e10].map(|r| s(&real_to_string(r)));
    assert_lines(
        &sprint("real %s %s %s %s\n", &reals),
        &["real .5 1 -2.25 1e+10"],
    );
    let mut out = String::new();
    for t in inputs {
        let b = t.as_bytes();
        let arg = if t.is_empty() { S(None) } else { s(t) };
        let int = string_to_int(b);
        out += &sprint(
            "%q: int %d big %bd real %g byte %d parse %d\n",
            &[
                arg,
                W(int),
                B(string_to_big(b)),
                R(string_to_real(b)),
                W(int & 0xff),
                W(limbo_parse(t)),
            ],
        );
    }
    assert_lines(&out, &[
            "42: int 42 big 42 real 42 byte 42 parse 42",
            "-42: int -42 big -42 real -42 byte 214 parse -42",
            "+42: int 42 big 42 real 42 byte 42 parse 42",
            "'  17': int 17 big 17 real 17 byte 17 parse 0",
            "'\t-8': int -8 big -8 real -8 byte 248 parse 0",
            "12abc: int 12 big 12 real 12 byte 12 parse 12",
            "abc: int 0 big 0 real 0 byte 0 parse 0",
            "'': int 0 big 0 real 0 byte 0 parse 0",
            "0: int 0 big 0 real 0 byte 0 parse 0",
            "-0: int 0 big 0 real -0 byte 0 parse 0",
            "007: int 7 big 7 real 7 byte 7 parse 7",
            "16rff: int 16 big 16 real 16 byte 16 parse 16",
            "0x1f: int 0 big 0 real 0 byte 0 parse 0",
            "8r17: int 8 big 8 real 8 byte 8 parse 8",
            "1e3: int 1 big 1 real 1000 byte 1 parse 1",
            "3.75: int 3 big 3 real 3.75 byte 3 parse 3",
            "-3.75: int -3 big -3 real -3.75 byte 253 parse -3",
            "' - 5': int 0 big 0 real -0 byte 0 parse 0",
            "--5: int 0 big 0 real -0 byte 0 parse 0",
            "65535: int 65535 big 65535 real 65535 byte 255 parse 65535",
            "-2147483648: int -2147483648 big -2147483648 real -2147483648 byte 0 parse -2147483648",
            "'99 bottles': int 99 big 99 real 99 byte 99 parse 99",
            "'",
            " 64': int 64 big 64 real 64 byte 64 parse 0",
        ]);
}

#[test]
fn rt_err_strconv_lines() {
    // rt-err-strconv.out lines 1-23 and 25-31: int and big of malformed strings.
    let ints = [
        "42",
        "abc",
        "12abc",
        "  -7",
        "\t+5",
        "--3",
        "+-3",
        "",
        "0x1f",
        "16rff",
        "007",
        "3.99",
        "-0",
        " 1 2",
        "2147483647",
        "2147483648",
        "99999999999",
        "-2147483648",
        "-99999999999",
        "١٢٣",
        "1e3",
        "\n9",
    ];
    let mut out = String::new();
    for t in ints {
        let runes: Vec<u32> = t.chars().map(u32::from).collect();
        let arg = if t.is_empty() { S(None) } else { s(t) };
        out += &sprint("int %q = %d\n", &[arg, W(string_to_int(&runes))]);
    }
    assert_lines(
        &out,
        &[
            "int 42 = 42",
            "int abc = 0",
            "int 12abc = 12",
            "int '  -7' = -7",
            "int '\t+5' = 5",
            "int --3 = 0",
            "int +-3 = 0",
            "int '' = 0",
            "int 0x1f = 0",
            "int 16rff = 16",
            "int 007 = 7",
            "int 3.99 = 3",
            "int -0 = 0",
            "int ' 1 2' = 1",
            "int 2147483647 = 2147483647",
            "int 2147483648 = 2147483647",
            "int 99999999999 = 2147483647",
            "int -2147483648 = -2147483648",
            "int -99999999999 = -2147483648",
            "int ١٢٣ = 0",
            "int 1e3 = 1",
            "int '",
            "9' = 9",
        ],
    );
    let bigs = [
        "123456789012",
        "-9223372036854775808",
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999",
        "xyz",
        " 77z",
    ];
    let mut out = String::new();
    for t in bigs {
        out += &sprint("big %q = %bd\n", &[s(t), B(string_to_big(t.as_bytes()))]);
    }
    assert_lines(
        &out,
        &[
            "big 123456789012 = 123456789012",
            "big -9223372036854775808 = -9223372036854775808",
            "big 9223372036854775807 = 9223372036854775807",
            "big 9223372036854775808 = -9223372036854775808",
            "big 99999999999999999999 = 7766279631452241919",
            "big xyz = 0",
            "big ' 77z' = 77",
        ],
    );
}

#[test]
fn the_c_library_rules_beyond_the_testdata() {
    // Read from lib9's dofmt.c/fmt.c and libinterp's xprint where no transcript shows them.
    assert_eq!(sprint("[% d] [% d]", &[W(5), W(-5)]), "[ 5] [-5]");
    assert_eq!(
        sprint("[%hd] [%hhd] [%uhx]", &[W(70000), W(200), W(-1)]),
        "[4464] [-56] [ffff]"
    );
    assert_eq!(
        sprint("[%,x] [%,o]", &[W(0x1234567), W(-8)]),
        "[1,234,567] [-10]"
    );
    assert_eq!(sprint("[%#.3o] [%#5o]", &[W(8), W(8)]), "[010] [  010]");
    assert_eq!(
        sprint("[%-05d] [%.0d] [%5%]", &[W(42), W(0)]),
        "[42   ] [0] [%]"
    );
    assert_eq!(
        sprint("[%.0c] [%3.0c]", &[W('x' as i32), W('y' as i32)]),
        "[] [   ]"
    );
    assert_eq!(
        sprint("[%c] [%c]", &[W(0xd800), W(-1)]),
        "[\u{fffd}] [\u{fffd}]"
    );
    assert_eq!(sprint("[%bc] [%3bc]", &[B(0x141), B(0xe9)]), "[A] [  ]");
    assert_eq!(sprint("[%*.*d]", &[W(8), W(-4), W(42)]), "[0042    ]");
    assert_eq!(sprint_err("[%10r]", &[], "err"), "[err]");
    assert_eq!(
        sprint("[%H] [%H]", &[H(Some((2, 0x1234))), H(None)]),
        "[2.00001234] [-1.00000000]"
    );
    // Unknown characters: "%" char "%", then the rest of the directive as text.
    assert_eq!(sprint("[%yd] [%5zs]", &[W(1), s("x")]), "[%y%d] [%z%s]");
    assert_eq!(sprint("[%yc]", &[W(65)]), "[%y%C]");
    // A format ending inside a directive prints nothing for it.
    assert_eq!(sprint("abc%5", &[]), "abc");
    // %q pads quoted text by bytes, plain text by characters.
    assert_eq!(
        sprint("[%8q] [%8q]", &[s("é é"), s("éé")]),
        "[ 'é é'] [      éé]"
    );
    // %s precision counts characters; %q ignores it.
    assert_eq!(
        sprint("[%.2s] [%.1q]", &[s("日本語"), s("a b")]),
        "[日本] ['a b']"
    );
    // Reals: %.0g starts from the shortest digits; precision is capped at 20.
    assert_eq!(
        sprint("[%.0g] [%.0g] [%.0g]", &[R(100.0), R(1e6), R(0.5)]),
        "[100] [1e+06] [0.5]"
    );
    assert_eq!(sprint("[%.30f]", &[R(0.1)]), "[0.10000000000000000555]");
    assert_eq!(
        sprint("[% f] [%5.1e]", &[R(1.0), R(-0.0)]),
        "[ 1.000000] [-0.0e+00]"
    );
    let inf = f64::INFINITY;
    assert_eq!(
        sprint(
            "[%g] [%g] [%f] [%10e] [%#.2f]",
            &[R(inf), R(-inf), R(f64::NAN), R(inf), R(inf)]
        ),
        "[Infinity] [-Infinity] [NaN] [  Infinity] [Infinity.]"
    );
    assert_eq!(
        sprint("[%e] [%.3E]", &[R(1e300), R(1.5e-300)]),
        "[1.000000e+300] [1.500E-300]"
    );
}

#[test]
fn a_width_beyond_the_output_limit_is_refused() {
    for width in [i32::MAX, OUTPUT_LIMIT as i32 + 2] {
        let mut frame = Frame([W(width), W(1)].into_iter().collect());
        let result = format("%*d", &mut frame, "");
        assert!(matches!(result, Err(FormatError::TooLong)), "width {width}");
    }
    assert_eq!(sprint("%*s", &[W(1 << 20), s("x")]).len(), 1 << 20);
}
