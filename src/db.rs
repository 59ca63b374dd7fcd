//! Opening the database and applying migrations.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, OwnedMutexGuard};

use migration::MigratorTrait;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::config::Config;

/// Opens a connection pool on the configured database.
///
/// SQLite gets WAL (readers never block the writer), `synchronous=NORMAL` (durable at each
/// checkpoint, safe with WAL), foreign keys, and a busy timeout so a second writer waits
/// instead of failing.
///
/// # Errors
/// When the database cannot be reached or opened.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(config.database_url.clone());
    let pool_size = if config.is_postgres() { 10 } else { 8 };
    options
        .max_connections(pool_size)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    Database::connect(options).await
}

/// Applies every pending migration.
///
/// # Errors
/// When a migration fails; the database is left at the last migration that succeeded.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    migration::Migrator::up(db, None).await
}

/// The single writer path of an SQLite database: SQLite allows one writer at a time, and
/// writers that wait inside SQLite poll with growing sleeps, so queueing them here (a fair
/// async mutex) keeps write latency flat under load. PostgreSQL needs no gate.
#[derive(Clone)]
pub struct WriteGate(Option<Arc<Mutex<()>>>);

/// Held while a write transaction is open; dropping it lets the next writer in.
pub type WritePermit = Option<OwnedMutexGuard<()>>;

impl WriteGate {
    /// The gate for the configured database.
    pub fn for_config(config: &Config) -> Self {
        if config.is_postgres() {
            Self(None)
        } else {
            Self(Some(Arc::new(Mutex::new(()))))
        }
    }

    /// Starts a transaction that will write. On SQLite it waits for the gate, then takes the
    /// write lock at `BEGIN` (`IMMEDIATE`), so a read lock never has to be upgraded.
    ///
    /// # Errors
    /// When the database does not answer.
    pub async fn begin_write(
        &self,
        db: &DatabaseConnection,
    ) -> Result<(WritePermit, DatabaseTransaction), DbErr> {
        let permit = match &self.0 {
            Some(gate) => Some(Arc::clone(gate).lock_owned().await),
            None => None,
        };
        let txn = db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?;
        Ok((permit, txn))
    }
}
