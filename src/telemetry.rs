//! Logging through `tracing`: one filter from `RUST_LOG`, human-readable lines on stderr.

use tracing_subscriber::EnvFilter;

/// The filter used when `RUST_LOG` is unset. SQLx logs every statement at INFO, which would
/// drown the request log.
pub const DEFAULT_FILTER: &str = "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn";

/// Installs the global subscriber once; later calls (tests) are ignored.
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
