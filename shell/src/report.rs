//! The `test` module (`load test`): `report SEVERITY VERBOSITY message...`, how a
//! shell script run by `itest` tells it what it found, as sh-test(1) describes.
//! itest passes the verbosity and the descriptor its messages go to in the
//! environment (`ITS_VERBOSITY`, `ITS_MFD`); a message is one line `SV<text>`,
//! S the severity's digit (INF 0, WRN 1, ERR 2, FTL 3) and V the verbosity's.
//! Loading the module under itest sends the start time (severity 4) as itslib(2)
//! does; a script run by hand gets `Test is running standalone` on its standard
//! error and its reports go there.

use crate::eval::{Flow, Shell, Status};
use crate::os::{OpenMode, Process};
use crate::value::{texts, Val};

/// The severities `report` takes, in the order of their codes.
const SEVERITIES: [&str; 4] = ["INF", "WRN", "ERR", "FTL"];
/// The code of the start time message.
const START_TIME: usize = 4;

/// Where reports go: itest's message descriptor, or standard error.
fn message_fd(sh: &Shell<impl Process>) -> Option<i32> {
    let verbosity = sh.get("ITS_VERBOSITY");
    let fd = sh.get("ITS_MFD");
    if verbosity.is_empty() {
        return None;
    }
    fd.first()?.text().parse().ok()
}

/// The milliseconds since boot, from `/dev/msec`.
fn millisec(sh: &Shell<impl Process>) -> String {
    let Ok(fd) = sh.proc.open("/dev/msec", OpenMode::Read) else {
        return "0".to_string();
    };
    let mut buf = [0u8; 32];
    let n = sh.proc.read(fd, &mut buf).unwrap_or(0);
    sh.proc.close(fd);
    String::from_utf8_lossy(&buf[..n]).trim().to_string()
}

/// What loading the module does: the start time to itest, or the standalone note.
pub fn loaded(sh: &Shell<impl Process>) {
    match message_fd(sh) {
        Some(fd) => {
            let line = format!("{START_TIME}0{}\n", millisec(sh));
            let _ = sh.proc.write(fd, line.as_bytes());
        }
        None => sh.print(2, "Test is running standalone\n"),
    }
}

/// `report SEVERITY VERBOSITY message...`.
pub fn report(sh: &mut Shell<impl Process>, args: &[Val]) -> Status {
    let words = texts(args);
    let severity = words
        .first()
        .and_then(|s| SEVERITIES.iter().position(|&n| n == s));
    let (Some(severity), true) = (severity, words.len() >= 3) else {
        sh.complain("usage: report INF|WRN|ERR|FTL verbosity message[...]");
        return Err(Flow::Raise("usage".into()));
    };
    let verbosity = words[1].parse::<u8>().unwrap_or(0).min(9);
    let text = words[2..].join(" ");
    let line = format!("{severity}{verbosity}{text}\n");
    match message_fd(sh) {
        Some(fd) => {
            let _ = sh.proc.write(fd, line.as_bytes());
        }
        None => sh.print(2, &line),
    }
    Ok(String::new())
}
