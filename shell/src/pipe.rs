//! std's `${pipe (from|to|fdnum) {cmd}}` (sh-std(1)): runs cmd in the
//! background with its standard output (`from`), standard input (`to`) or
//! fd fdnum on a pipe, and yields a name that opens the other end. The name
//! is `/fd/N` of a descriptor the shell holds until the command line ends,
//! as for `<{cmd}`, where the original made a file under `/tmp/pipes`.

use crate::eval::{Flow, Shell};
use crate::os::Process;
use crate::value::Val;

const USAGE: &str = "usage: pipe (from|to|fdnum) {cmd}";

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
    let ours = sh.pipe_to(fd, body)?;
    Ok(vec![Val::Str(format!("/fd/{ours}"))])
}
