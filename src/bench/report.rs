//! Printing the results as a table or JSON.

use std::time::Duration;

use serde::Serialize;

use super::Scenario;
use super::driver::{Stats, percentile_ms};

/// One scenario's figures.
#[derive(Debug, Serialize)]
pub struct BenchRow {
    pub scenario: &'static str,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
}

impl BenchRow {
    pub fn new(scenario: Scenario, stats: &Stats, duration: Duration) -> Self {
        #[expect(clippy::cast_precision_loss, reason = "a count of requests")]
        let rps = stats.latencies_us.len() as f64 / duration.as_secs_f64().max(0.001);
        Self {
            scenario: scenario.name(),
            rps: (rps * 10.0).round() / 10.0,
            p50_ms: round2(percentile_ms(&stats.latencies_us, 0.50)),
            p99_ms: round2(percentile_ms(&stats.latencies_us, 0.99)),
            errors: stats.errors,
            first_error: stats.first_error.clone(),
        }
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The peak resident set size of this process (Linux `VmHWM`), in MB.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(round2(kb / 1024.0))
}

/// A fixed-width table, one row per scenario.
pub fn print_table(rows: &[BenchRow], peak_rss_mb: Option<f64>) {
    println!(
        "{:<14} {:>10} {:>9} {:>9} {:>7}",
        "scenario", "req/s", "p50 ms", "p99 ms", "errors"
    );
    for row in rows {
        println!(
            "{:<14} {:>10.1} {:>9.2} {:>9.2} {:>7}",
            row.scenario, row.rps, row.p50_ms, row.p99_ms, row.errors
        );
        if let Some(error) = &row.first_error {
            println!("  first error: {error}");
        }
    }
    match peak_rss_mb {
        Some(mb) => println!("peak RSS: {mb:.1} MB"),
        None => println!("peak RSS: unknown"),
    }
}

/// A JSON array: one object per scenario, then `{"peak_rss_mb": …}`.
pub fn print_json(rows: &[BenchRow], peak_rss_mb: Option<f64>) {
    let mut values: Vec<serde_json::Value> = rows
        .iter()
        .filter_map(|row| serde_json::to_value(row).ok())
        .collect();
    values.push(serde_json::json!({ "peak_rss_mb": peak_rss_mb }));
    println!("{}", serde_json::Value::Array(values));
}
