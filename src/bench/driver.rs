//! The load loop: `concurrency` tasks send requests back to back until the deadline.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::scenarios::Prepared;

/// What one scenario run measured.
#[derive(Debug, Default)]
pub struct Stats {
    /// Latency of every successful operation, in microseconds, sorted.
    pub latencies_us: Vec<u64>,
    pub errors: u64,
    pub first_error: Option<String>,
}

/// Runs `prepared` with `concurrency` workers for `duration`.
pub async fn drive(prepared: &Prepared, duration: Duration, concurrency: usize) -> Stats {
    let prepared = Arc::new(prepared.clone());
    let deadline = Instant::now() + duration;
    let mut workers = Vec::new();
    for worker in 0..concurrency.max(1) {
        let prepared = Arc::clone(&prepared);
        workers.push(tokio::spawn(async move {
            let mut stats = Stats::default();
            let mut iteration: u64 = 0;
            while Instant::now() < deadline {
                let started = Instant::now();
                match prepared.run_once(worker, iteration).await {
                    Ok(()) => stats
                        .latencies_us
                        .push(u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX)),
                    Err(error) => {
                        stats.errors += 1;
                        stats.first_error.get_or_insert(error);
                    }
                }
                iteration += 1;
            }
            stats
        }));
    }
    let mut total = Stats::default();
    for worker in workers {
        if let Ok(stats) = worker.await {
            total.latencies_us.extend(stats.latencies_us);
            total.errors += stats.errors;
            if total.first_error.is_none() {
                total.first_error = stats.first_error;
            }
        }
    }
    total.latencies_us.sort_unstable();
    total
}

/// The latency at quantile `q` (0–1), in milliseconds.
pub fn percentile_ms(sorted_us: &[u64], q: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let last = sorted_us.len() - 1;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a list that fits in memory"
    )]
    let index = ((last as f64) * q).round() as usize;
    #[expect(clippy::cast_precision_loss, reason = "microseconds of one request")]
    let ms = sorted_us[index.min(last)] as f64 / 1000.0;
    ms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_from_the_sorted_latencies() {
        let sorted: Vec<u64> = (1..=100).map(|n| n * 1000).collect();
        assert!((percentile_ms(&sorted, 0.5) - 51.0).abs() < 1.01);
        assert!((percentile_ms(&sorted, 0.99) - 99.0).abs() < 1.01);
        assert_eq!(percentile_ms(&[], 0.5), 0.0);
    }
}
