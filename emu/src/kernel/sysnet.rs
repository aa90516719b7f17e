//! The network calls behind the Sys module, on a process's [`ProcEnv`], as
//! the original's kernel makes them: `dial` asks the connection server
//! (`NETDIR/cs`) to translate `net!host!service` and tries each line it
//! gives (`/net/tcp/clone 127.0.0.1!564`) until a call connects;
//! `announce` takes the first line; with no connection server the address
//! is used as it is. An address may name its network directory
//! (`/net.alt/tcp!host!port`); without one, `dial` tries `/net`, then
//! `/net.alt`. `listen` waits on a line's `listen` file.

use super::error::{Error, Result};
use super::flags::ORDWR;
use super::proc::ProcEnv;

/// A network line: its data and control fds and its directory.
#[derive(Debug)]
pub struct Connection {
    /// Open only for a dialled call.
    pub dfd: Option<i32>,
    pub cfd: i32,
    /// The line directory, such as `/net/tcp/4`.
    pub dir: String,
}

/// The longest reply read from a connection server or a ctl file.
const LINE_MAX: usize = 256;

/// A dial string's parts: network directory (when it names one), protocol
/// and the rest.
fn parse_dial(addr: &str) -> (Option<&str>, &str, &str) {
    let Some(bang) = addr.find('!') else {
        return (None, "net", addr);
    };
    let (head, rest) = (&addr[..bang], &addr[bang + 1..]);
    if !addr.starts_with('/') && !addr.starts_with('#') {
        return (None, head, rest);
    }
    match head.rfind('/') {
        Some(slash) => (Some(&head[..slash]), &head[slash + 1..], rest),
        None => (None, head, rest),
    }
}

/// `err (what)`, as the original adds what failed to an error.
fn context(e: Error, what: &str) -> Error {
    Error::Text(format!("{e} ({what})"))
}

impl ProcEnv {
    /// Reads one reply from `fd` as text.
    fn read_line(&self, fd: i32) -> Result<Option<String>> {
        let mut buf = [0u8; LINE_MAX];
        let n = self.read(fd, &mut buf)?;
        Ok((n > 0).then(|| String::from_utf8_lossy(&buf[..n]).to_string()))
    }

    /// The number a line's ctl file reads as.
    fn line_number(&self, cfd: i32) -> Result<String> {
        let text = self.read_line(cfd)?.unwrap_or_default();
        let digits: String = text
            .trim_start_matches(' ')
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        Ok(digits.parse::<u64>().unwrap_or(0).to_string())
    }

    /// Runs `f` with `fd`, closing `fd` when `f` fails.
    fn or_close<T>(&self, fd: i32, f: impl FnOnce() -> Result<T>) -> Result<T> {
        f().inspect_err(|_| {
            let _ = self.close(fd);
        })
    }

    /// One call: a line from `clone` connected to `dest` (from local port
    /// `local` unless it is empty).
    fn call(&self, clone: &str, dest: &str, local: &str) -> Result<Connection> {
        let cfd = self.open(clone, ORDWR).map_err(|e| context(e, clone))?;
        self.or_close(cfd, || {
            let n = self
                .line_number(cfd)
                .map_err(|e| Error::Text(format!("read {clone}: {e}")))?;
            let netdir = clone.rsplit_once('/').map_or("", |(d, _)| d);
            let dir = format!("{netdir}/{n}");
            let msg = match local {
                "" => format!("connect {dest}"),
                _ => format!("connect {dest} {local}"),
            };
            self.write(cfd, msg.as_bytes())
                .map_err(|e| context(e, &msg))?;
            let data = format!("{dir}/data");
            let dfd = self.open(&data, ORDWR).map_err(|e| context(e, &data))?;
            Ok(Connection {
                dfd: Some(dfd),
                cfd,
                dir,
            })
        })
    }

    /// A call through the connection server of `netdir`, or without
    /// translation when there is none.
    fn cs_dial(&self, netdir: &str, proto: &str, rem: &str, local: &str) -> Result<Connection> {
        let Ok(cs) = self.open(&format!("{netdir}/cs"), ORDWR) else {
            return self.call(&format!("{netdir}/{proto}/clone"), rem, local);
        };
        let query = format!("{proto}!{rem}");
        let result = (|| {
            self.write(cs, query.as_bytes())
                .map_err(|e| context(e, &query))?;
            self.seek(cs, 0, 0)?;
            let mut best: Option<Error> = None;
            let mut last = Error::Text("jim'll fix it".into());
            while let Some(line) = self.read_line(cs)? {
                let Some((clone, dest)) = line.trim_end_matches('\n').split_once(' ') else {
                    continue;
                };
                match self.call(clone, dest, local) {
                    Ok(c) => return Ok(c),
                    Err(e) => {
                        if !e.to_string().contains("does not exist") {
                            best = Some(e.clone());
                        }
                        last = e;
                    }
                }
            }
            Err(best.unwrap_or(last))
        })();
        let _ = self.close(cs);
        result
    }

    /// sys->dial with no local address: a connected line to `addr`.
    pub fn dial(&self, addr: &str) -> Result<Connection> {
        self.dial_from(addr, "")
    }

    /// sys->dial: a connected line to `addr`, from local port `local`
    /// unless it is empty.
    pub fn dial_from(&self, addr: &str, local: &str) -> Result<Connection> {
        let (netdir, proto, rem) = parse_dial(addr);
        if let Some(netdir) = netdir {
            return self.cs_dial(netdir, proto, rem, local);
        }
        let err = match self.cs_dial("/net", proto, rem, local) {
            Ok(c) => return Ok(c),
            Err(e) => e,
        };
        if err.to_string().contains("refused") {
            return Err(err);
        }
        match self.cs_dial("/net.alt", proto, rem, local) {
            Ok(c) => Ok(c),
            Err(alt) => {
                let alt_text = alt.to_string();
                if alt_text.contains("translate") || alt_text.contains("does not exist") {
                    Err(err)
                } else {
                    Err(alt)
                }
            }
        }
    }

    /// The clone file and address for announcing `addr`: the connection
    /// server's first line, or the address as it is.
    fn net_translate(&self, addr: &str) -> Result<(String, String)> {
        let bad = || Error::Text(format!("bad dial string: {addr}"));
        let bang = addr.find('!').ok_or_else(bad)?;
        let (netdir, addr) = if addr.starts_with('/') {
            let slash = addr[..bang].rfind('/').filter(|&i| i > 0).ok_or_else(bad)?;
            (&addr[..slash], &addr[slash + 1..])
        } else {
            ("/net", addr)
        };
        let Ok(cs) = self.open(&format!("{netdir}/cs"), ORDWR) else {
            let (proto, rest) = addr.split_once('!').unwrap_or((addr, ""));
            return Ok((format!("{netdir}/{proto}/clone"), rest.to_string()));
        };
        let reply = (|| {
            self.write(cs, addr.as_bytes())?;
            self.seek(cs, 0, 0)?;
            self.read_line(cs)
        })();
        let _ = self.close(cs);
        let reply = reply?.ok_or_else(|| Error::Text("no translation".into()))?;
        let (file, naddr) = reply
            .trim_end_matches('\n')
            .split_once(' ')
            .ok_or_else(|| Error::Text(format!("bad reply from {netdir}/cs")))?;
        let file = match file.strip_prefix('/') {
            Some(rest) => rest.split_once('/').map_or(file, |(_, f)| f),
            None => file,
        };
        Ok((format!("{netdir}/{file}"), naddr.to_string()))
    }

    /// sys->announce: a line announced at `addr`.
    pub fn announce(&self, addr: &str) -> Result<Connection> {
        let (clone, naddr) = self.net_translate(addr)?;
        let cfd = self.open(&clone, ORDWR)?;
        self.or_close(cfd, || {
            let n = self.line_number(cfd)?;
            let netdir = clone.rsplit_once('/').map_or("", |(d, _)| d);
            self.write(cfd, format!("announce {naddr}").as_bytes())?;
            Ok(Connection {
                dfd: None,
                cfd,
                dir: format!("{netdir}/{n}"),
            })
        })
    }

    /// sys->listen: waits for the next call to the line announced in `dir`;
    /// the new line (its data file is the caller's to open).
    pub fn listen(&self, dir: &str) -> Result<Connection> {
        let cfd = self.open(&format!("{dir}/listen"), ORDWR)?;
        self.or_close(cfd, || {
            let n = self.line_number(cfd)?;
            let parent = dir.rsplit_once('/').map_or("", |(d, _)| d);
            Ok(Connection {
                dfd: None,
                cfd,
                dir: format!("{parent}/{n}"),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dial_strings_parse() {
        assert_eq!(parse_dial("tcp!h!1"), (None, "tcp", "h!1"));
        assert_eq!(parse_dial("h"), (None, "net", "h"));
        assert_eq!(
            parse_dial("/net.alt/tcp!h!1"),
            (Some("/net.alt"), "tcp", "h!1")
        );
        assert_eq!(parse_dial("#I/tcp!h!1"), (Some("#I"), "tcp", "h!1"));
    }
}
