//! Use cases. Each public function is one thing a person does, opens and owns its
//! transaction, and decides authorization itself: the web layer only translates.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod bench_floors;
pub mod dashboard;
pub mod demo;
pub mod error;
pub mod intake;
mod mail_queue;
pub mod newcomers;
pub mod outbox;
pub mod partners;
pub mod referrals;
pub mod request_list;
pub mod requests;
pub mod seed;
pub mod sessions;
pub mod status;
pub mod timers;
pub mod transitions;
pub mod users;
pub mod workflows;

mod keys;
mod passwords;
mod principal;
mod throttle;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

pub use error::{InternalError, ServiceError};
pub use principal::Principal;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{WriteGate, WritePermit};
use crate::i18n::Translations;
use crate::mail::transport::Mailer;
use crate::workflow::WorkflowSet;
use keys::Keys;

/// Everything a use case needs, cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct Services {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    translations: Arc<Translations>,
    mailer: Mailer,
    config: Config,
    workflows: WorkflowSet,
    keys: Keys,
    clock: Clock,
    write_gate: WriteGate,
    throttle: throttle::Throttle,
    audit_writer: audit::AuditWriter,
}

impl Services {
    /// Wires the services to an open, migrated database.
    ///
    /// # Errors
    /// When the application's keys cannot be loaded or created.
    pub async fn new(
        db: DatabaseConnection,
        config: Config,
        workflows: WorkflowSet,
        translations: Arc<Translations>,
        clock: Clock,
    ) -> Result<Self, InternalError> {
        let keys = Keys::load_or_create(&db, clock.now()).await?;
        let mailer = Mailer::from_url(config.smtp_url.as_ref())
            .map_err(|e| InternalError::Inconsistent(e.to_string()))?;
        let write_gate = WriteGate::for_config(&config);
        Ok(Self {
            inner: Arc::new(Inner {
                audit_writer: audit::AuditWriter::start(db.clone(), write_gate.clone()),
                write_gate,
                translations,
                mailer,
                throttle: if config.rate_limits {
                    throttle::Throttle::default()
                } else {
                    throttle::Throttle::disabled()
                },
                db,
                config,
                workflows,
                keys,
                clock,
            }),
        })
    }

    fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// Opens a write transaction through the database's single writer path.
    async fn begin_write(
        &self,
    ) -> Result<(WritePermit, sea_orm::DatabaseTransaction), sea_orm::DbErr> {
        self.inner.write_gate.begin_write(&self.inner.db).await
    }

    fn audit_writer(&self) -> &audit::AuditWriter {
        &self.inner.audit_writer
    }

    fn throttle(&self) -> &throttle::Throttle {
        &self.inner.throttle
    }

    fn config(&self) -> &Config {
        &self.inner.config
    }

    fn keys(&self) -> &Keys {
        &self.inner.keys
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    /// The translations every page and mail uses.
    pub fn translations(&self) -> &Arc<Translations> {
        &self.inner.translations
    }

    fn mailer(&self) -> &Mailer {
        &self.inner.mailer
    }

    /// The workflow definitions in force.
    pub fn workflows(&self) -> &WorkflowSet {
        &self.inner.workflows
    }

    /// Whether links and cookies are for an https site (cookies then get `Secure`).
    pub fn base_url_is_https(&self) -> bool {
        self.inner.config.base_url.scheme() == "https"
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn database_is_up(&self) -> bool {
        self.inner.db.ping().await.is_ok()
    }
}
