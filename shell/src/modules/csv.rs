//! The `csv` module (sh-csv(1)): `getcsv {command}` runs the command for
//! each record of comma-separated values on standard input with `$line`
//! its items, and `${csv list}` makes one record of a list, quoting items
//! that hold a comma, a newline or a double quote.

use crate::eval::{Flow, Shell, Status};
use crate::invoke::Input;
use crate::os::Process;
use crate::value::Val;

/// The items of one record (its text without the final newline): items
/// end at commas; a double quote starts or ends quoting, and two of them
/// inside quotes stand for one.
pub fn items(record: &str) -> Vec<String> {
    let c: Vec<char> = record.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let mut item = String::new();
        let mut quoted = false;
        loop {
            match (quoted, c.get(i), c.get(i + 1)) {
                (_, None, _) | (false, Some(','), _) => break,
                (true, Some('"'), Some('"')) => {
                    item.push('"');
                    i += 2;
                }
                (true, Some('"'), Some(',') | None) => {
                    i += 1;
                    break;
                }
                (_, Some('"'), _) => {
                    quoted = !quoted;
                    i += 1;
                }
                (_, Some(&ch), _) => {
                    item.push(ch);
                    i += 1;
                }
            }
        }
        out.push(item);
        if c.get(i) != Some(&',') {
            return out;
        }
        i += 1;
    }
}

/// The next record: lines joined while a quote is open.
fn record(input: &mut Input, proc: &impl Process) -> Option<String> {
    let mut rec = input.record(proc, "\n")?;
    while rec.matches('"').count() % 2 == 1 {
        let Some(more) = input.record(proc, "\n") else {
            break;
        };
        rec.push('\n');
        rec.push_str(&more);
    }
    Some(rec)
}

/// `getcsv {command}`.
pub fn getcsv<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Status {
    let argv = super::loop_command(sh, args, "usage: getcsv {cmd}")?;
    let mut input = Input::new(0);
    let mut status = String::new();
    sh.enter_scope();
    while let Some(rec) = record(&mut input, &sh.proc) {
        let line = items(&rec).into_iter().map(Val::Str).collect();
        sh.set_local("line", line);
        match sh.run_words(&argv) {
            Ok(s) => status = s,
            Err(Flow::Raise(e)) if e == "break" => break,
            Err(Flow::Raise(e)) if e == "continue" => {}
            Err(f) => {
                sh.pop_scope();
                return Err(f);
            }
        }
    }
    sh.pop_scope();
    Ok(status)
}

/// One item as a record holds it.
fn quoted(s: &str) -> String {
    if !s.contains([',', '\n', '"']) {
        return s.to_string();
    }
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// `${csv list}`.
pub fn csv(args: &[Val]) -> Vec<Val> {
    if args.is_empty() {
        return Vec::new();
    }
    let items: Vec<String> = args.iter().map(|a| quoted(&a.text())).collect();
    vec![Val::Str(items.join(","))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records() {
        assert_eq!(items("a,b,c"), ["a", "b", "c"]);
        assert_eq!(items(""), [""]);
        assert_eq!(items("a,"), ["a", ""]);
        assert_eq!(items("\"x,y\",\"say \"\"hi\"\"\""), ["x,y", "say \"hi\""]);
        assert_eq!(items("\"two\nlines\",z"), ["two\nlines", "z"]);
        assert_eq!(items("ab\"c,d\"e"), ["abc,de"]);
    }

    #[test]
    fn quoting_round_trips() {
        let list = ["plain", "a,b", "say \"x\"", "", "two\nlines"];
        let vals: Vec<Val> = list.iter().map(|s| Val::Str(s.to_string())).collect();
        let rec = csv(&vals)[0].text();
        assert_eq!(rec, "plain,\"a,b\",\"say \"\"x\"\"\",,\"two\nlines\"");
        assert_eq!(items(&rec), list);
    }
}
