//! The connection server's translation, as the original's `ndb/cs` does it:
//! `net!machine!service` becomes one line per address,
//! `/net/tcp/clone 127.0.0.1!564`; `net` means `tcp`, `*` any local address
//! (`/net/tcp/clone 564`), a service name is looked up in the services, and a
//! machine name is resolved by the host. Errors are the original's texts.
//! It is built into the kernel rather than a Limbo program started at boot so
//! that every emu and every root has it with nothing to start and no `ndb`
//! database or libraries; the original's `ndb/cs` still runs (its `#s` file,
//! bound before `/net`, shadows this one). A query starting `!` is the
//! other kind, answered by `ndbquery`.

use super::addr::{ip_text, parse_ip, resolve};
use super::ndbquery;
use super::services::Services;

/// The networks `#I` serves.
pub const NETWORKS: &[&str] = &["udp", "tcp"];

/// The lines for `query`, or the error text.
pub fn translate(query: &str, services: &Services) -> Result<Vec<String>, String> {
    if let Some(general) = query.strip_prefix('!') {
        return ndbquery::answer(general, services);
    }
    let fields: Vec<&str> = query.split(['!', '\n']).filter(|f| !f.is_empty()).collect();
    if fields.len() < 2 {
        return Err("bad format request".into());
    }
    let net = match fields[0] {
        "net" => "tcp",
        n => n,
    };
    if !NETWORKS.contains(&net) {
        return Err(format!("network unavailable {net}"));
    }
    let [_, machine, service] = fields[..] else {
        return Err("bad format request".into());
    };
    let port = if service.bytes().all(|b| b.is_ascii_digit()) {
        service.to_string()
    } else {
        services
            .port(net, service)
            .ok_or("cs: can't translate service")?
            .to_string()
    };
    let hosts = if machine == "*" {
        vec![String::new()]
    } else if let Some(a) = parse_ip(machine) {
        vec![ip_text(&a)]
    } else if machine.starts_with('$') {
        return Err(format!("cs: can't translate {machine}"));
    } else {
        resolve(machine)?
    };
    Ok(hosts
        .into_iter()
        .map(|h| match h.is_empty() {
            true => format!("/net/{net}/clone {port}"),
            false => format!("/net/{net}/clone {h}!{port}"),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(q: &str) -> Result<Vec<String>, String> {
        translate(q, &Services::default())
    }

    #[test]
    fn addresses_translate() {
        assert_eq!(
            tr("tcp!127.0.0.1!564").unwrap(),
            ["/net/tcp/clone 127.0.0.1!564"]
        );
        assert_eq!(
            tr("net!10.0.0.1!styx").unwrap(),
            ["/net/tcp/clone 10.0.0.1!6666"]
        );
        assert_eq!(tr("tcp!*!styx").unwrap(), ["/net/tcp/clone 6666"]);
        assert_eq!(tr("udp!::1!7").unwrap(), ["/net/udp/clone ::1!7"]);
        assert!(tr("tcp!localhost!9")
            .unwrap()
            .iter()
            .any(|l| l == "/net/tcp/clone 127.0.0.1!9" || l == "/net/tcp/clone ::1!9"));
    }

    #[test]
    fn errors_are_the_originals() {
        assert_eq!(tr("tcp").unwrap_err(), "bad format request");
        assert_eq!(tr("tcp!a!b!c").unwrap_err(), "bad format request");
        assert_eq!(tr("il!h!1").unwrap_err(), "network unavailable il");
        assert_eq!(
            tr("tcp!h!nosuch").unwrap_err(),
            "cs: can't translate service"
        );
        assert_eq!(
            tr("tcp!$SIGNER!1").unwrap_err(),
            "cs: can't translate $SIGNER"
        );
        assert_eq!(
            tr("tcp!no-such-host.invalid!1").unwrap_err(),
            "cs: unknown host"
        );
    }
}
