//! The mail worker: delivers due outbox messages every second until shutdown.

use std::time::Duration;

use tokio::sync::watch;

use crate::services::Services;
use crate::services::error::chain;

/// How often the outbox is looked at: mail should leave within seconds of the change.
const TICK: Duration = Duration::from_secs(1);
/// How many messages one round handles at most.
const BATCH: u64 = 50;

/// Runs until `stop` turns true; a failed round is logged and retried on the next tick.
pub async fn run(services: Services, mut stop: watch::Receiver<bool>) {
    loop {
        match services.deliver_due_mail(BATCH).await {
            Ok(report) if report.sent + report.retrying + report.dead > 0 => {
                tracing::info!(
                    sent = report.sent,
                    retrying = report.retrying,
                    dead = report.dead,
                    "outbox round"
                );
            }
            Ok(_) => {}
            Err(error) => tracing::error!(error = %chain(&error), "outbox round failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {},
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
    }
}
