//! std's `${pipe (from|to|fdnum) {cmd}}` (sh-std(1)): runs cmd in the
//! background with its standard output (`from`), standard input (`to`) or
//! fd fdnum on one end of a new pipe, and yields the name of the other end.
//! As the original, the pipe's directory is bound before `/tmp/pipes` in
//! the shell's name space with its ends renamed `pipe.PID.SEQx` (the
//! command's) and `pipe.PID.SEQy` (the one named), so the name stays valid
//! after the command line ends, for a command that opens it later.

use crate::eval::{Flow, Shell};
use crate::os::{OpenMode, Process};
use crate::value::Val;

const USAGE: &str = "usage: pipe (from|to|fdnum) {cmd}";

/// The folder the pipes' ends appear in.
const TMPDIR: &str = "/tmp/pipes";

/// `${pipe dir {cmd}}`.
pub fn pipe<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Result<Vec<Val>, Flow> {
    let [dir, cmd] = args else {
        return Err(sh.fail("usage", USAGE));
    };
    let dir = dir.text();
    let fd = match dir.as_str() {
        "from" => Some(1),
        "to" => Some(0),
        n if n.bytes().all(|b| b.is_ascii_digit()) => n.parse::<i32>().ok(),
        _ => None,
    };
    let (Some(fd), Some(body)) = (fd, cmd.as_block()) else {
        return Err(sh.fail("usage", USAGE));
    };
    let id = next_id(sh);
    let ends = make_ends(&sh.proc, &id).map_err(|e| sh.fail("bad pipe", &e))?;
    let mut child = sh.subshell();
    let theirs = format!("{TMPDIR}/{id}x");
    let opened = child
        .proc
        .open(&theirs, OpenMode::ReadWrite)
        .map_err(|e| sh.fail("bad pipe", &format!("cannot open {theirs}: {e}")))?;
    if opened != fd {
        let _ = child.proc.dup(opened, fd);
        child.proc.close(opened);
    }
    let _ = crate::thread::spawn(move || {
        let _ = child.run_block(&body, None, None);
    });
    Ok(vec![Val::Str(ends)])
}

/// `pipe.PID.SEQ`, counting in `$pipeid`.
fn next_id<P: Process>(sh: &mut Shell<P>) -> String {
    let seq: u64 = sh
        .get("pipeid")
        .first()
        .map(|v| {
            let t = v.text();
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            t[..digits].parse().unwrap_or(0)
        })
        .unwrap_or(0);
    sh.set("pipeid", vec![Val::Str((seq + 1).to_string())]);
    format!("pipe.{}.{seq}", sh.proc.pid())
}

/// Makes the pipe and its two names under [`TMPDIR`]; returns the name of
/// the end given out.
fn make_ends<P: Process>(proc: &P, id: &str) -> Result<String, String> {
    let _ = proc.mkdir(TMPDIR, 0o777);
    let d = format!("/tmp/{id}d");
    proc.mkdir(&d, 0o777)
        .map_err(|e| format!("pipe: cannot make {d}: {e}"))?;
    let undo = |bound: bool| {
        if bound {
            let _ = proc.unmount(&d);
        }
        let _ = proc.remove(&d);
    };
    if let Err(e) = proc.bind("#|", &d, false) {
        undo(false);
        return Err(format!("pipe: cannot bind pipe onto {d}: {e}"));
    }
    let renamed = proc
        .rename(&format!("{d}/data"), &format!("{id}x"))
        .and_then(|()| proc.rename(&format!("{d}/data1"), &format!("{id}y")));
    if let Err(e) = renamed {
        undo(true);
        return Err(format!("pipe: cannot rename pipe: {e}"));
    }
    if let Err(e) = proc.bind(&d, TMPDIR, true) {
        undo(true);
        return Err(format!("pipe: cannot bind pipe dir: {e}"));
    }
    undo(true);
    Ok(format!("{TMPDIR}/{id}y"))
}
