//! The words of meters in `/prog`: sizes with a unit suffix, the `meter`
//! control message and the text of the `meter` file.

use dis::vm::{Budget, GroupMeter, Usage};

/// A count in bytes or units, or with a `k`, `m` or `g` suffix (powers of
/// 1024); `None` when malformed or too large.
pub fn scaled_size(text: &str) -> Option<u64> {
    let (digits, unit) = match text.char_indices().last()? {
        (i, 'k' | 'K') => (&text[..i], 1 << 10),
        (i, 'm' | 'M') => (&text[..i], 1 << 20),
        (i, 'g' | 'G') => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(unit)
}

/// The budget a `meter insts N`, `meter heap N` or `meter insts|heap off`
/// message sets (`None` inside: no budget); `None` when malformed.
pub fn meter_message(words: &[&str]) -> Option<(Budget, Option<u64>)> {
    let [_, which, amount] = words else {
        return None;
    };
    let budget = match *which {
        "insts" => Budget::Insts,
        "heap" => Budget::Heap,
        _ => return None,
    };
    match *amount {
        "off" => Some((budget, None)),
        n => scaled_size(n).map(|n| (budget, Some(n))),
    }
}

/// A limit as the `meter` file shows it (`-` for none).
fn limit(l: Option<u64>) -> String {
    l.map_or_else(|| "-".to_string(), |n| n.to_string())
}

/// The text of `/prog/N/meter`: the prog's line, then its group's.
pub fn meter_file(pid: u32, usage: &Usage, group: &GroupMeter) -> String {
    let state = match group.exhausted {
        Some(b) => format!("stopped:{}", b.name()),
        None => "running".to_string(),
    };
    format!(
        "prog {pid} insts {} cpu {} alloc {}\ngroup {} insts {}/{} cpu {} heap {}/{} {state}\n",
        usage.insts,
        usage.cpu_ns / 1_000_000,
        usage.allocated,
        group.pgrp,
        group.insts,
        limit(group.insts_limit),
        group.cpu_ns / 1_000_000,
        group.heap,
        limit(group.heap_limit),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_messages() {
        assert_eq!(scaled_size("8M"), Some(8 << 20));
        assert_eq!(scaled_size("1000000"), Some(1_000_000));
        assert_eq!(scaled_size("k"), None);
        assert_eq!(scaled_size("-1"), None);
        assert_eq!(scaled_size("99999999999999999999"), None);
        assert_eq!(
            meter_message(&["meter", "heap", "8m"]),
            Some((Budget::Heap, Some(8 << 20)))
        );
        assert_eq!(
            meter_message(&["meter", "insts", "off"]),
            Some((Budget::Insts, None))
        );
        assert_eq!(meter_message(&["meter", "time", "1"]), None);
        assert_eq!(meter_message(&["meter", "insts"]), None);
    }
}
