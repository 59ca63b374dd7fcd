//! Building and running the application: database, migrations, workflows, services, HTTP.

use std::future::Future;
use std::net::SocketAddr;

use sea_orm::DbErr;
use tokio::net::TcpListener;

use crate::clock::Clock;
use crate::config::Config;
use crate::i18n::Translations;
use crate::services::{InternalError, Services};
use crate::workflow::{DefinitionError, WorkflowSet};

/// Why the application could not start; each message says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot open the database: {0}")]
    Database(#[source] DbErr),
    #[error("cannot apply migrations: {0}")]
    Migration(#[source] DbErr),
    #[error("EXPAT_DESK_WORKFLOWS: cannot read {path}: {source}")]
    WorkflowFile {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid translation files: {0}")]
    Translations(#[from] crate::i18n::I18nError),
    #[error("invalid workflow definitions: {0}")]
    Workflows(#[from] DefinitionError),
    #[error("cannot prepare the application's keys: {0}")]
    Keys(#[source] InternalError),
    #[error("EXPAT_DESK_BIND: cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
}

/// A built application, bound to its port and ready to serve.
pub struct Application {
    listener: TcpListener,
    services: Services,
    base_url: String,
    run_workers: bool,
    bench_routes: bool,
    translations: std::sync::Arc<Translations>,
}

impl Application {
    /// Connects, migrates, loads the workflows and binds the listener.
    ///
    /// # Errors
    /// Any [`StartupError`].
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        Self::build_with_clock(config, Clock::System).await
    }

    /// As [`Application::build`], with a chosen clock (tests drive time themselves).
    ///
    /// # Errors
    /// Any [`StartupError`].
    pub async fn build_with_clock(config: Config, clock: Clock) -> Result<Self, StartupError> {
        let listener =
            TcpListener::bind(config.bind)
                .await
                .map_err(|source| StartupError::Bind {
                    address: config.bind,
                    source,
                })?;
        let bound = listener.local_addr().map_err(|source| StartupError::Bind {
            address: config.bind,
            source,
        })?;
        let mut config = config;
        if config.bind.port() == 0 {
            // A random port (tests, bench): links must name the port actually bound.
            if let Ok(url) = url::Url::parse(&format!("http://{bound}")) {
                config.base_url = url;
            }
        }
        let base_url = config.base_url.as_str().trim_end_matches('/').to_owned();
        let services = build_services(config, clock).await?;
        let translations = std::sync::Arc::clone(services.translations());
        Ok(Self {
            listener,
            services,
            base_url,
            run_workers: true,
            bench_routes: false,
            translations,
        })
    }

    /// The address actually listened on (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The URL people use to reach this instance.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The use cases, for the CLI's demo filler and tests.
    pub fn services(&self) -> &Services {
        &self.services
    }

    /// Serves HTTP only: tests run the workers' single steps themselves.
    pub fn without_workers(mut self) -> Self {
        self.run_workers = false;
        self
    }

    /// Adds the benchmark's floor routes (`/bench/…`), never mounted by `serve`.
    pub fn with_bench_routes(mut self) -> Self {
        self.bench_routes = true;
        self
    }

    /// Serves (and runs the background workers) until `shutdown` completes, then lets
    /// in-flight requests and the workers' current step finish.
    ///
    /// # Errors
    /// When the server fails to accept connections.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let workers = self.run_workers.then(|| {
            [
                tokio::spawn(crate::jobs::timers::run(
                    self.services.clone(),
                    stopped.clone(),
                )),
                tokio::spawn(crate::jobs::outbox::run(self.services.clone(), stopped)),
            ]
        });
        let translations = std::sync::Arc::clone(&self.translations);
        let router = if self.bench_routes {
            crate::web::router_with_bench_routes(self.services.clone(), translations)
        } else {
            crate::web::router(self.services.clone(), translations)
        };
        let served = axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        let _ = stop.send(true);
        self.services.flush_audit().await;
        for worker in workers.into_iter().flatten() {
            let _ = worker.await;
        }
        served?;
        tracing::info!("server stopped; in-flight requests finished");
        Ok(())
    }
}

/// Services on the configured database without HTTP (for CLI commands).
///
/// # Errors
/// Any [`StartupError`] but `Bind`.
pub async fn services_for_cli(config: Config) -> Result<Services, StartupError> {
    build_services(config, Clock::System).await
}

async fn build_services(config: Config, clock: Clock) -> Result<Services, StartupError> {
    let workflows = load_workflows(&config)?;
    let translations = std::sync::Arc::new(Translations::embedded()?);
    let db = crate::db::connect(&config)
        .await
        .map_err(StartupError::Database)?;
    crate::db::migrate(&db)
        .await
        .map_err(StartupError::Migration)?;
    Services::new(db, config, workflows, translations, clock)
        .await
        .map_err(StartupError::Keys)
}

fn load_workflows(config: &Config) -> Result<WorkflowSet, StartupError> {
    match &config.workflows_file {
        None => Ok(WorkflowSet::embedded_default()?),
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|source| StartupError::WorkflowFile {
                    path: path.clone(),
                    source,
                })?;
            Ok(WorkflowSet::from_toml_str(path, &text)?)
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}
