//! The timer worker: fires due workflow timers every few seconds until shutdown.

use std::time::Duration;

use tokio::sync::watch;

use crate::services::Services;
use crate::services::error::chain;

/// How often due timers are looked for; timers are counted in days, so seconds are plenty.
const TICK: Duration = Duration::from_secs(5);
/// How many fires one tick handles at most, to keep each tick short.
const BATCH: u64 = 100;

/// Runs until `stop` turns true; a failed tick is logged and retried on the next one.
pub async fn run(services: Services, mut stop: watch::Receiver<bool>) {
    loop {
        match services.fire_due_timers(BATCH).await {
            Ok(0) => {}
            Ok(fired) => tracing::info!(fired, "timers fired"),
            Err(error) => tracing::error!(error = %chain(&error), "timer tick failed"),
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
