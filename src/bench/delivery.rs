//! The delivery benchmark: messages per second from the outbox to a real SMTP server on
//! loopback (the in-process sink), through the same claim → send → record path as `serve`.

use std::time::{Duration, Instant};

use super::driver::Stats;
use crate::config::Config;
use crate::mail::sink::SmtpSink;

/// Messages queued before the clock starts; more than a short run can send.
const QUEUED: usize = 20_000;
/// Messages claimed per round, as the worker does.
const BATCH: u64 = 50;

/// Sends queued mail for `duration` and returns one latency per message (a round's time
/// shared by its messages).
///
/// # Errors
/// When the sink or the services cannot start.
pub async fn measure(config: &Config, duration: Duration) -> Result<Stats, String> {
    let sink = SmtpSink::start()
        .await
        .map_err(|e| format!("cannot start the SMTP sink: {e}"))?;
    let mut config = config.clone();
    config.smtp_url = Some(url::Url::parse(&sink.url()).map_err(|e| e.to_string())?);
    let services = crate::startup::services_for_cli(config)
        .await
        .map_err(|e| e.to_string())?;
    services
        .bench_enqueue_mail(QUEUED)
        .await
        .map_err(|e| e.one_line())?;
    let deadline = Instant::now() + duration;
    let mut stats = Stats::default();
    while Instant::now() < deadline {
        let started = Instant::now();
        match services.deliver_due_mail(BATCH).await {
            Ok(report) if report.sent == 0 => break,
            Ok(report) => {
                let per_message = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX)
                    / report.sent as u64;
                stats
                    .latencies_us
                    .extend(std::iter::repeat_n(per_message, report.sent));
                stats.errors += (report.retrying + report.dead) as u64;
            }
            Err(error) => {
                stats.errors += 1;
                stats.first_error.get_or_insert(error.one_line());
            }
        }
    }
    stats.latencies_us.sort_unstable();
    Ok(stats)
}
