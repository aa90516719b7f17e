//! IP addresses in the text forms of the original's network device: every
//! address is held as 16 bytes (IPv4 as an IPv4-mapped IPv6 address), read
//! from dotted IPv4 or IPv6 text, and printed as the original's `%I` prints
//! it (dotted for IPv4, otherwise lower-case hex groups with the first
//! longest run of zero groups elided to `::`); `[address!]port` texts of
//! the `ctl` messages; a machine name's addresses by the host's resolver.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use crate::kernel::error::{Error, Result};

/// The unspecified address, `::` (the original's `IPnoaddr`).
pub const NOADDR: Ipv6Addr = Ipv6Addr::UNSPECIFIED;

/// An address text (`10.0.0.1`, `::1`, `::ffff:1.2.3.4`, `[::1]`).
pub fn parse_ip(text: &str) -> Option<Ipv6Addr> {
    let text = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    match text.parse::<IpAddr>().ok()? {
        IpAddr::V4(a) => Some(a.to_ipv6_mapped()),
        IpAddr::V6(a) => Some(a),
    }
}

/// The 16-byte form of a host address.
pub fn from_ip(a: IpAddr) -> Ipv6Addr {
    match a {
        IpAddr::V4(a) => a.to_ipv6_mapped(),
        IpAddr::V6(a) => a,
    }
}

/// The IPv4 address inside an IPv4-mapped one.
pub fn as_v4(a: &Ipv6Addr) -> Option<Ipv4Addr> {
    a.to_ipv4_mapped()
}

/// An address as the original's `%I` prints it.
pub fn ip_text(a: &Ipv6Addr) -> String {
    if let Some(v4) = as_v4(a) {
        return v4.to_string();
    }
    let groups = a.segments();
    // The first longest run of zero groups (one group is enough).
    let (mut best_at, mut best_len) = (usize::MAX, 0);
    let mut i = 0;
    while i < 8 {
        let run = groups[i..].iter().take_while(|&&g| g == 0).count();
        if run > best_len {
            (best_at, best_len) = (i, run);
        }
        i += run.max(1);
    }
    let mut out = String::new();
    let mut i = 0;
    while i < 8 {
        if i == best_at {
            out.push_str("::");
            i += best_len;
            if i >= 8 {
                break;
            }
        } else if i != 0 {
            out.push(':');
        }
        out.push_str(&format!("{:x}", groups[i]));
        i += 1;
    }
    out
}

/// `address!port` as the `local` and `remote` files give it.
pub fn addr_port_text(a: &Ipv6Addr, port: u16) -> String {
    format!("{}!{}\n", ip_text(a), port)
}

/// A socket address's 16-byte address and port.
pub fn split_sockaddr(sa: &SocketAddr) -> (Ipv6Addr, u16) {
    (from_ip(sa.ip()), sa.port())
}

/// A port number as the original's `portno` reads it: decimal (or `0x` hex,
/// or `0` octal) digits at the start of the text.
pub fn port_number(text: &str) -> Result<u16> {
    let (digits, radix) =
        if let Some(h) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            (h, 16)
        } else if text.len() > 1 && text.starts_with('0') {
            (&text[1..], 8)
        } else {
            (text, 10)
        };
    let end = digits
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(digits.len());
    if end == 0 {
        // After a leading 0 (or 0x) the 0 itself was the number.
        return match radix {
            10 => Err(Error::Text("non-numeric port number".into())),
            _ => Ok(0),
        };
    }
    u32::from_str_radix(&digits[..end], radix)
        .ok()
        .and_then(|n| u16::try_from(n).ok())
        .ok_or_else(|| Error::Text("bad port number".into()))
}

/// The most addresses one translation gives.
const MAX_ADDRS: usize = 16;

/// A machine name's addresses, by the host's resolver.
pub fn resolve(machine: &str) -> std::result::Result<Vec<String>, String> {
    let addrs = (machine, 0)
        .to_socket_addrs()
        .map_err(|_| "cs: unknown host".to_string())?;
    let mut hosts: Vec<String> = Vec::new();
    for a in addrs {
        let text = ip_text(&from_ip(a.ip()));
        if !hosts.contains(&text) && hosts.len() < MAX_ADDRS {
            hosts.push(text);
        }
    }
    if hosts.is_empty() {
        return Err("cs: unknown host".into());
    }
    Ok(hosts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        ip_text(&parse_ip(s).unwrap())
    }

    #[test]
    fn addresses_print_as_the_original() {
        assert_eq!(text("127.0.0.1"), "127.0.0.1");
        assert_eq!(text("::ffff:10.1.2.3"), "10.1.2.3");
        assert_eq!(text("::"), "::");
        assert_eq!(text("::1"), "::1");
        assert_eq!(text("[fe80::1]"), "fe80::1");
        assert_eq!(text("1:0:2:0:0:3:0:4"), "1:0:2::3:0:4");
        assert_eq!(text("1:0:2:3:4:5:6:0"), "1::2:3:4:5:6:0");
        assert_eq!(text("2001:DB8::"), "2001:db8::");
        assert!(parse_ip("nonsense").is_none());
        assert!(parse_ip("1.2.3").is_none());
    }

    #[test]
    fn ports_read_as_the_original() {
        assert_eq!(port_number("564").unwrap(), 564);
        assert_eq!(port_number("0").unwrap(), 0);
        assert_eq!(port_number("0x10").unwrap(), 16);
        assert_eq!(port_number("12!r").unwrap(), 12);
        assert_eq!(port_number("0!r").unwrap(), 0);
        assert_eq!(port_number("010").unwrap(), 8);
        assert_eq!(
            port_number("styx").unwrap_err().to_string(),
            "non-numeric port number"
        );
        assert!(port_number("99999").is_err());
        assert!(port_number("99999999999999999999").is_err());
    }
}
