//! `expat-desk bench`: drives HTTP scenarios for a fixed time at a fixed concurrency over
//! loopback, like pgbench or redis-benchmark, and prints one row per scenario.
//!
//! It is a measuring tool, not a test: tests stay fast, and `.ci/run` only runs a short smoke.

mod delivery;
mod driver;
mod report;
mod scenarios;

use std::time::Duration;

pub use report::{BenchRow, print_json, print_table};
pub use scenarios::Scenario;

use crate::config::Config;
use crate::startup::Application;

/// What to run.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// A running server to target; `None` starts one in-process on the configured database.
    pub url: Option<String>,
    pub duration: Duration,
    pub concurrency: usize,
    pub scenarios: Vec<Scenario>,
}

/// The results: one row per scenario, and the process's peak RSS (server and load generator
/// share the process when the server runs in-process).
#[derive(Debug)]
pub struct BenchResults {
    pub rows: Vec<BenchRow>,
    pub peak_rss_mb: Option<f64>,
}

/// Runs the scenarios one after another.
///
/// # Errors
/// A one-line reason when the server cannot be started or prepared.
pub async fn run(config: Config, options: BenchOptions) -> Result<BenchResults, String> {
    let base_url = match &options.url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => start_in_process(config.clone()).await?,
    };
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(options.concurrency.max(1))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let session = scenarios::Session::sign_in(client, base_url, options.concurrency).await?;
    let mut rows = Vec::new();
    for scenario in &options.scenarios {
        let stats = if *scenario == Scenario::Delivery {
            if options.url.is_some() {
                return Err(
                    "the delivery scenario runs in-process only (leave out --url)".to_owned(),
                );
            }
            delivery::measure(&config, options.duration).await?
        } else {
            let prepared = session.prepare(*scenario).await?;
            driver::drive(&prepared, options.duration, options.concurrency).await
        };
        rows.push(BenchRow::new(*scenario, &stats, options.duration));
        tracing::info!(scenario = scenario.name(), "scenario finished");
    }
    Ok(BenchResults {
        rows,
        peak_rss_mb: report::peak_rss_mb(),
    })
}

async fn start_in_process(mut config: Config) -> Result<String, String> {
    config.bind = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    // The whole load comes from 127.0.0.1: limits meant for one person would refuse it.
    config.rate_limits = false;
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?
        .with_bench_routes()
        // Workers would compete with the delivery scenario for the outbox; the HTTP
        // scenarios measure the request path alone.
        .without_workers();
    let url = app.base_url().to_owned();
    scenarios::ensure_bench_account(app.services()).await?;
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    Ok(url)
}
