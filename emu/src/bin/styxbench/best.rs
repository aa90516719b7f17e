//! The best rate each way of reading reached over the rounds, and the
//! summary printed at the end. On a busy machine one round's rates swing
//! with the other work; the best of several rounds is the figure least
//! disturbed by it, for the host TCP copy and for each way alike.

use std::sync::Mutex;

/// `(way, buffer size, best rate in MB/s)` in the order first seen.
static BEST: Mutex<Vec<(String, usize, f64)>> = Mutex::new(Vec::new());

/// The name the host TCP copy is recorded under.
pub const HOST: &str = "host TCP copy";

/// Records one measured rate.
pub fn record(way: &str, size: usize, rate: f64) {
    let mut best = BEST.lock().unwrap_or_else(|e| e.into_inner());
    match best.iter_mut().find(|(w, s, _)| w == way && *s == size) {
        Some(entry) => entry.2 = entry.2.max(rate),
        None => best.push((way.to_string(), size, rate)),
    }
}

/// Prints each way's best rate beside the best host TCP copy's with the
/// same buffer size.
pub fn print_summary() {
    let best = BEST.lock().unwrap_or_else(|e| e.into_inner());
    println!("best of the rounds");
    for (way, size, rate) in best.iter() {
        let host = best
            .iter()
            .find(|(w, s, _)| w == HOST && s == size)
            .map_or(f64::NAN, |e| e.2);
        println!(
            "{way:30} {:2} KB reads {rate:8.1} MB/s {:5.1}% of host TCP",
            size / 1024,
            100.0 * rate / host
        );
    }
}
