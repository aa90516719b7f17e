//! The system's own commands (`appl/cmd`, compiled at boot by our compiler) run
//! through `emu` on files under `/tmp`, each compared with what the original
//! prints, byte for byte, and its exit status. Each case names where its
//! expectation comes from: the original's manual page (man/1/NAME), or its
//! source (appl/cmd/NAME.b) for a detail the manual leaves out. Cases that fail because of a known
//! code generation bug are listed in [`KNOWN_FAILURES`] with the reason; every
//! other case must pass, and a listed case that passes must leave the list.

mod system;

use std::fs;
use system::Root;

/// One command run: its name, where its expectation comes from (the original's
/// manual page, or its source where the manual says nothing of the detail),
/// argv, standard input, the exact standard output and whether it succeeds.
struct Case {
    name: &'static str,
    source: &'static str,
    argv: &'static [&'static str],
    stdin: &'static str,
    out: &'static str,
    ok: bool,
}

const fn case(
    name: &'static str,
    source: &'static str,
    argv: &'static [&'static str],
    out: &'static str,
) -> Case {
    Case {
        name,
        source,
        argv,
        stdin: "",
        out,
        ok: true,
    }
}

const FRUIT: &str = "pear\napple\nfig\napple\nbanana\n";
const WORDS: &str = "one two\nthree\n";
const DUP: &str = "a\na\nb\nc\nc\nc\n";

const CASES: &[Case] = &[
    case("echo", "man/1/echo", &["echo", "hello", "world"], "hello world\n"),
    case("echo -n", "man/1/echo (-n: no final newline)", &["echo", "-n", "a", "b"], "a b"),
    case("echo --", "the original's appl/cmd/echo.b (a first -- is dropped)", &["echo", "--", "-n"], "-n\n"),
    case(
        "cat files",
        "man/1/cat",
        &["cat", "/tmp/t/words", "/tmp/t/fruit"],
        "one two\nthree\npear\napple\nfig\napple\nbanana\n",
    ),
    Case {
        stdin: "piped\ninput\n",
        ..case("cat stdin", "man/1/cat (no file: standard input)", &["cat"], "piped\ninput\n")
    },
    case(
        "wc",
        "man/1/wc (lines, words, characters, then the name); the widths, \" %7d\" each, from the original's appl/cmd/wc.b",
        &["wc", "/tmp/t/words"],
        "      2       3      14 /tmp/t/words\n",
    ),
    case(
        "wc -l total",
        "man/1/wc (a total line for several files)",
        &["wc", "-l", "/tmp/t/words", "/tmp/t/fruit"],
        "      2 /tmp/t/words\n      5 /tmp/t/fruit\n      7 total\n",
    ),
    Case {
        stdin: "a b c\n",
        ..case("wc stdin", "man/1/wc (no file: standard input, no name)", &["wc", "-w"], "      3\n")
    },
    case(
        "ls",
        "man/1/ls (the names in a directory, sorted, as paths)",
        &["ls", "/tmp/t"],
        "/tmp/t/dup\n/tmp/t/fruit\n/tmp/t/nums\n/tmp/t/words\n",
    ),
    case(
        "ls -p",
        "man/1/ls (-p: only the final element of each name)",
        &["ls", "-p", "/tmp/t"],
        "dup\nfruit\nnums\nwords\n",
    ),
    case("ls file", "man/1/ls (a file is listed by its name)", &["ls", "/tmp/t/words"], "/tmp/t/words\n"),
    case("grep", "man/1/grep", &["grep", "app", "/tmp/t/fruit"], "apple\napple\n"),
    case(
        "grep -n",
        "man/1/grep (-n: line numbers); the form N:line for one file from the original's appl/cmd/grep.b",
        &["grep", "-n", "an", "/tmp/t/fruit"],
        "5:banana\n",
    ),
    case(
        "grep -l",
        "man/1/grep (-l: only the names of files that match)",
        &["grep", "-l", "three", "/tmp/t/words", "/tmp/t/fruit"],
        "/tmp/t/words\n",
    ),
    case(
        "grep regex",
        "man/1/grep and man/6/regexp (alternation, classes, anchors)",
        &["grep", "^(f|p)[a-z]*$", "/tmp/t/fruit"],
        "pear\nfig\n",
    ),
    Case {
        ok: false,
        ..case("grep no match", "the original's appl/cmd/grep.b (fail:no matches when nothing matched)", &["grep", "zzz", "/tmp/t/fruit"], "")
    },
    case("basename", "man/1/basename (a suffix is removed)", &["basename", "/a/b/c.b", ".b"], "c\n"),
    case("basename -d", "man/1/basename (-d: the directory part)", &["basename", "-d", "/a/b/c.b"], "/a/b\n"),
    case(
        "cleanname",
        "man/1/cleanname (and man/2/names: .. of the root is the root; a leading .. of a relative name stays)",
        &["cleanname", "/a/../b/./c//d/", "x/../y", "../z"],
        "/b/c/d\ny\n../z\n",
    ),
    case(
        "sort",
        "man/1/sort",
        &["sort", "/tmp/t/fruit"],
        "apple\napple\nbanana\nfig\npear\n",
    ),
    case(
        "sort -r",
        "man/1/sort (-r: reverse order)",
        &["sort", "-r", "/tmp/t/fruit"],
        "pear\nfig\nbanana\napple\napple\n",
    ),
    Case {
        stdin: "10\n9\n100\n",
        ..case("sort -n", "man/1/sort (-n: numeric order)", &["sort", "-n"], "9\n10\n100\n")
    },
    case("uniq", "man/1/uniq", &["uniq", "/tmp/t/dup"], "a\nb\nc\n"),
    case(
        "uniq -c",
        "man/1/uniq (-c: a count and a tab before each line)",
        &["uniq", "-c", "/tmp/t/dup"],
        "2\ta\n1\tb\n3\tc\n",
    ),
    case("uniq -d", "man/1/uniq (-d: only lines that repeat, once)", &["uniq", "-d", "/tmp/t/dup"], "a\nc\n"),
    case(
        "tail",
        "man/1/tail (the last 10 lines by default)",
        &["tail", "/tmp/t/nums"],
        "6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n",
    ),
    case("tail -3", "man/1/tail (-N: the last N lines)", &["tail", "-3", "/tmp/t/nums"], "13\n14\n15\n"),
    case("tail +14", "man/1/tail (+N: from line N)", &["tail", "+14", "/tmp/t/nums"], "14\n15\n"),
    case(
        "tail -0 file",
        "the original's appl/cmd/tail.b (no lines from the end of a named file it can seek in: all of it)",
        &["tail", "-0", "/tmp/t/dup"],
        DUP,
    ),
    Case {
        stdin: "x\ny\n",
        ..case("tail -0 stdin", "the original's appl/cmd/tail.b (of standard input, none)", &["tail", "-0"], "")
    },
    case(
        "tail -x",
        "the original's appl/cmd/tail.b (an unknown option is passed over)",
        &["tail", "-x", "-2", "/tmp/t/dup"],
        "c\nc\n",
    ),
    Case {
        ok: false,
        ..case(
            "cmp",
            "man/1/cmp; the message `F1 F2 differ: char N` and the failure from the original's appl/cmd/cmp.b",
            &["cmp", "/tmp/t/fruit", "/tmp/t/words"],
            "/tmp/t/fruit /tmp/t/words differ: char 1\n",
        )
    },
    case("cmp same", "man/1/cmp (equal files: nothing printed, success)", &["cmp", "/tmp/t/dup", "/tmp/t/dup"], ""),
    case("pwd", "man/1/pwd (a command run by emu starts in /)", &["pwd"], "/\n"),
    case(
        "date -u 0",
        "man/1/date; the form of the time from the original's appl/lib/daytime.b (text)",
        &["date", "-u", "0"],
        "Thu Jan 01 00:00:00 GMT 1970\n",
    ),
    case("date -n", "man/1/date (-n: seconds since the epoch)", &["date", "-n", "86400"], "86400\n"),
];

/// Cases that fail because of a code generation bug, with the reason.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// A root (named by `tag`) with the test files under `/tmp/t`; its `/dis` is the
/// system's own.
fn root(tag: &str) -> Root {
    let root = Root::new(tag);
    root.write("tmp/t/fruit", FRUIT);
    root.write("tmp/t/words", WORDS);
    root.write("tmp/t/dup", DUP);
    let nums: String = (1..=15).map(|i| format!("{i}\n")).collect();
    root.write("tmp/t/nums", &nums);
    root
}

/// Whether `line` looks like the original's date: `Www Mmm dd hh:mm:ss ZONE yyyy`.
fn is_date(line: &str) -> bool {
    let f: Vec<&str> = line.split(' ').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let word = |s: &str| s.len() == 3 && s.chars().all(|c| c.is_ascii_alphabetic());
    let clock: Vec<&str> = f.get(3).map(|c| c.split(':').collect()).unwrap_or_default();
    f.len() == 6
        && word(f[0])
        && word(f[1])
        && digits(f[2], 2)
        && clock.len() == 3
        && clock.iter().all(|c| digits(c, 2))
        && !f[4].is_empty()
        && digits(f[5], 4)
}

#[test]
fn commands_print_what_the_original_prints() {
    let root = root("commands");
    let mut unexpected = Vec::new();
    for c in CASES {
        let run = root.emu_with_input(c.argv, c.stdin);
        let passed = run.out == c.out && (run.status == 0) == c.ok;
        let known = KNOWN_FAILURES.iter().find(|(n, _)| *n == c.name);
        match (passed, known) {
            (true, Some(_)) => unexpected.push(format!(
                "{}: passes now, remove it from KNOWN_FAILURES",
                c.name
            )),
            (false, None) => unexpected.push(format!(
                "{}: status {} out {:?} (want {:?}, from {}) err {:?}",
                c.name, run.status, run.out, c.out, c.source, run.err
            )),
            _ => {}
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}

#[test]
fn date_prints_the_time_now_in_the_original_format() {
    let root = root("date");
    let run = root.emu(&["date"]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(
        run.out.ends_with('\n') && is_date(run.out.trim_end()),
        "{:?}",
        run.out
    );
    assert!(!is_date("Thu Jan 1 00:00:00 GMT 1970"));
}

#[test]
fn mkdir_and_rm_make_and_remove_files_through_the_name_space() {
    let root = root("mkdir-rm");
    let made = root.emu(&["mkdir", "/tmp/t/new", "/tmp/t/other"]);
    assert_eq!(made.status, 0, "{}", made.err);
    assert!(root.file("tmp/t/new").is_dir() && root.file("tmp/t/other").is_dir());
    let again = root.emu(&["mkdir", "/tmp/t/new"]);
    assert_eq!(again.status, 1);
    assert_eq!(again.err, "mkdir: /tmp/t/new already exists\n");
    let deep = root.emu(&["mkdir", "-p", "/tmp/t/new/a/b"]);
    assert_eq!(deep.status, 0, "{}", deep.err);
    assert!(root.file("tmp/t/new/a/b").is_dir());

    let rm = root.emu(&["rm", "/tmp/t/other", "/tmp/t/words"]);
    assert_eq!(rm.status, 0, "{}", rm.err);
    assert!(!root.file("tmp/t/other").exists() && !root.file("tmp/t/words").exists());
    let gone = root.emu(&["rm", "/tmp/t/words"]);
    assert_eq!(gone.status, 1);
    assert!(gone.err.starts_with("rm: /tmp/t/words: "), "{}", gone.err);
    let quiet = root.emu(&["rm", "-f", "/tmp/t/words"]);
    assert_eq!((quiet.status, quiet.err.as_str()), (0, ""));
    let tree = root.emu(&["rm", "-r", "/tmp/t/new"]);
    assert_eq!(tree.status, 0, "{}", tree.err);
    assert!(!root.file("tmp/t/new").exists());
    assert!(fs::read_dir(root.file("tmp/t")).unwrap().count() == 3);
}
