//! Service names and their port numbers for the connection server: the
//! files of `/etc/services` form (`name port/proto aliases # comment`) it is
//! given, read afresh at each look-up, then the services Inferno assigns
//! (the original's `lib/ndb/inferno`) and a few well-known ones.

use std::path::PathBuf;

/// Inferno's own services and the common ones, as `(proto, name, port)`.
const KNOWN: &[(&str, &str, u16)] = &[
    ("tcp", "infgamelogin", 6660),
    ("tcp", "styx", 6666),
    ("tcp", "mpeg", 6667),
    ("tcp", "rstyx", 6668),
    ("tcp", "infdb", 6669),
    ("tcp", "infweb", 6670),
    ("tcp", "infsigner", 6671),
    ("tcp", "infcsigner", 6672),
    ("tcp", "inflogin", 6673),
    ("tcp", "infsds", 6674),
    ("tcp", "registry", 6675),
    ("tcp", "internalreg", 6676),
    ("tcp", "infkey", 6677),
    ("tcp", "infsched", 6678),
    ("udp", "virgil", 2202),
    ("udp", "gossip", 2666),
    ("tcp", "echo", 7),
    ("udp", "echo", 7),
    ("tcp", "discard", 9),
    ("udp", "discard", 9),
    ("tcp", "daytime", 13),
    ("tcp", "ftp", 21),
    ("tcp", "ssh", 22),
    ("tcp", "telnet", 23),
    ("tcp", "smtp", 25),
    ("tcp", "domain", 53),
    ("udp", "domain", 53),
    ("udp", "bootps", 67),
    ("udp", "tftp", 69),
    ("tcp", "http", 80),
    ("tcp", "pop3", 110),
    ("udp", "ntp", 123),
    ("tcp", "imap", 143),
    ("tcp", "https", 443),
    ("tcp", "9fs", 564),
    ("tcp", "exportfs", 17007),
];

/// Where service names are looked up.
#[derive(Clone, Debug, Default)]
pub struct Services {
    /// Files in `/etc/services` form, in order of preference.
    files: Vec<PathBuf>,
}

impl Services {
    pub fn new(files: Vec<PathBuf>) -> Services {
        Services { files }
    }

    /// The port of service `name` on network `proto` (`tcp`, `udp`).
    pub fn port(&self, proto: &str, name: &str) -> Option<u16> {
        for file in &self.files {
            if let Ok(text) = std::fs::read_to_string(file) {
                if let Some(p) = lookup(&text, proto, name) {
                    return Some(p);
                }
            }
        }
        KNOWN
            .iter()
            .find(|(p, n, _)| *p == proto && *n == name)
            .map(|e| e.2)
    }
}

/// Service `name` on `proto` in a file of `/etc/services` form.
fn lookup(text: &str, proto: &str, name: &str) -> Option<u16> {
    text.lines().find_map(|line| {
        let line = line.split('#').next().unwrap_or("");
        let mut words = line.split_whitespace();
        let first = words.next()?;
        let (port, p) = words.next()?.split_once('/')?;
        if p != proto || (first != name && !words.any(|alias| alias == name)) {
            return None;
        }
        port.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_file_form() {
        let text = "# comment\nstyx\t\t6666/tcp\t# Main file service\n\
                    virgil\t\t2202/udp\tvirgild\t\t# info\nbad line\n";
        assert_eq!(lookup(text, "tcp", "styx"), Some(6666));
        assert_eq!(lookup(text, "udp", "virgild"), Some(2202));
        assert_eq!(lookup(text, "tcp", "virgil"), None);
        assert_eq!(lookup(text, "tcp", "nosuch"), None);
    }

    #[test]
    fn known_services_without_files() {
        let s = Services::default();
        assert_eq!(s.port("tcp", "styx"), Some(6666));
        assert_eq!(s.port("udp", "virgil"), Some(2202));
        assert_eq!(s.port("tcp", "nosuch"), None);
    }
}
