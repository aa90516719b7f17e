//! The network calls behind the Sys module, on a process's [`ProcEnv`]:
//! `dial`, `announce` and `listen` over the TCP files of `#I` on `/net`,
//! translating the original's addresses (`tcp!host!port`, `net!host!port`,
//! `host!port`, `*` for any local address, a few service names) without a
//! connection server.

use super::error::{Error, Result};
use super::flags::ORDWR;
use super::proc::ProcEnv;

/// Service names known without a connection server.
const SERVICES: &[(&str, u16)] = &[
    ("echo", 7),
    ("discard", 9),
    ("ftp", 21),
    ("telnet", 23),
    ("http", 80),
    ("styx", 6666),
    ("infsigner", 6671),
    ("infcsigner", 6672),
    ("inflogin", 6673),
];

/// A network line: its data and control fds and its directory.
#[derive(Debug)]
pub struct Connection {
    /// Open only for a dialled call.
    pub dfd: Option<i32>,
    pub cfd: i32,
    /// The line directory, such as `/net/tcp/4`.
    pub dir: String,
}

/// `net!host!service` as the `host!port` a TCP ctl file takes.
fn translate(addr: &str) -> Result<String> {
    let parts: Vec<&str> = addr.split('!').collect();
    let (net, host, service) = match parts.as_slice() {
        [net, host, service] => (*net, *host, *service),
        [host, service] => ("net", *host, *service),
        _ => return Err(Error::Text(format!("bad network address: {addr}"))),
    };
    if net != "tcp" && net != "net" {
        return Err(Error::Text(format!("network not supported: {net}")));
    }
    let port = match service.parse::<u16>() {
        Ok(p) => p,
        Err(_) => SERVICES
            .iter()
            .find(|(name, _)| *name == service)
            .map(|(_, p)| *p)
            .ok_or_else(|| Error::Text(format!("unknown service: {service}")))?,
    };
    Ok(format!("{host}!{port}"))
}

impl ProcEnv {
    /// The number a line's ctl file reads as.
    fn line_number(&self, cfd: i32) -> Result<String> {
        let mut buf = [0u8; 32];
        let n = self.read(cfd, &mut buf)?;
        Ok(String::from_utf8_lossy(&buf[..n]).trim().to_string())
    }

    /// Opens `/net/tcp/clone` and writes `verb target` to the new line's ctl;
    /// the ctl fd and the line directory.
    fn new_line(&self, verb: &str, target: &str) -> Result<(i32, String)> {
        let cfd = self.open("/net/tcp/clone", ORDWR)?;
        let made = self.line_number(cfd).and_then(|n| {
            self.write(cfd, format!("{verb} {target}").as_bytes())?;
            Ok(format!("/net/tcp/{n}"))
        });
        match made {
            Ok(dir) => Ok((cfd, dir)),
            Err(e) => {
                let _ = self.close(cfd);
                Err(e)
            }
        }
    }

    /// sys->dial: a connected line to `addr`.
    pub fn dial(&self, addr: &str) -> Result<Connection> {
        let (cfd, dir) = self.new_line("connect", &translate(addr)?)?;
        match self.open(&format!("{dir}/data"), ORDWR) {
            Ok(dfd) => Ok(Connection {
                dfd: Some(dfd),
                cfd,
                dir,
            }),
            Err(e) => {
                let _ = self.close(cfd);
                Err(e)
            }
        }
    }

    /// sys->announce: a line announced at `addr` (`*` for any local address).
    pub fn announce(&self, addr: &str) -> Result<Connection> {
        let (cfd, dir) = self.new_line("announce", &translate(addr)?)?;
        Ok(Connection {
            dfd: None,
            cfd,
            dir,
        })
    }

    /// sys->listen: waits for the next call to the line announced in `dir`;
    /// the new line (its data file is the caller's to open).
    pub fn listen(&self, dir: &str) -> Result<Connection> {
        let cfd = self.open(&format!("{dir}/listen"), ORDWR)?;
        match self.line_number(cfd) {
            Ok(n) => Ok(Connection {
                dfd: None,
                cfd,
                dir: format!("/net/tcp/{n}"),
            }),
            Err(e) => {
                let _ = self.close(cfd);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_translate() {
        assert_eq!(translate("tcp!localhost!6666").unwrap(), "localhost!6666");
        assert_eq!(translate("net!*!styx").unwrap(), "*!6666");
        assert_eq!(translate("10.0.0.1!80").unwrap(), "10.0.0.1!80");
        assert!(translate("udp!h!1").is_err());
        assert!(translate("tcp!h!nosuch").is_err());
        assert!(translate("justahost").is_err());
    }
}
