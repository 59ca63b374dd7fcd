//! `TestApp`: the only code that knows which database the suite runs on.

use std::sync::atomic::{AtomicU64, Ordering};

use expat_desk::clock::Clock;
use expat_desk::config::{Config, RawConfig};
use expat_desk::services::Services;
use expat_desk::services::users::NewUserInput;
use expat_desk::startup::Application;
use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

/// The password every test account gets.
pub const PASSWORD: &str = "test-password-123";

/// A throw-away database, removed when the test ends.
pub enum TestDatabase {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
}

impl TestDatabase {
    /// A new empty database on the engine the suite runs on.
    pub async fn create() -> Self {
        match std::env::var("EXPAT_DESK_TEST_POSTGRES_URL") {
            Ok(admin_url) if !admin_url.trim().is_empty() => Self::create_postgres(admin_url).await,
            _ => Self::create_sqlite(),
        }
    }

    fn create_sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        Self::Sqlite { _dir: dir, url }
    }

    async fn create_postgres(admin_url: String) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "expat_desk_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            rand::random::<u32>()
        );
        let admin = Database::connect(admin_url.as_str())
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is unreachable: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let mut url = url::Url::parse(&admin_url).expect("admin url");
        url.set_path(&name);
        Self::Postgres {
            admin_url,
            name,
            url: url.to_string(),
        }
    }

    /// The URL the app connects with.
    pub fn url(&self) -> &str {
        match self {
            Self::Sqlite { url, .. } | Self::Postgres { url, .. } => url,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Self::Postgres {
            admin_url, name, ..
        } = self
        {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime, which cannot be blocked on; use a fresh one.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(runtime) = runtime {
                    runtime.block_on(async {
                        if let Ok(admin) = Database::connect(admin_url.as_str()).await {
                            let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                            let _ = admin.execute_unprepared(&sql).await;
                            let _ = admin.close().await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// A running application and a client for it.
pub struct TestApp {
    pub address: String,
    pub config: Config,
    pub client: reqwest::Client,
    pub services: Services,
    pub clock: Clock,
    pub database: TestDatabase,
}

/// The configuration for a test: a random port on loopback and the given database.
pub fn test_config(database_url: &str) -> Config {
    Config::try_from(RawConfig {
        database_url: Some(database_url.to_owned()),
        bind: Some("127.0.0.1:0".to_owned()),
        ..RawConfig::default()
    })
    .expect("test config")
}

impl TestApp {
    /// Starts the application on a fresh database with the system clock.
    pub async fn spawn() -> Self {
        Self::spawn_with_clock(Clock::System).await
    }

    /// Starts the application on a fresh database with the given clock.
    pub async fn spawn_with_clock(clock: Clock) -> Self {
        Self::spawn_with_mail(clock, None).await
    }

    /// Starts the application with the given clock, sending mail to `smtp_url` (none: the
    /// dev mailbox).
    pub async fn spawn_with_mail(clock: Clock, smtp_url: Option<String>) -> Self {
        let database = TestDatabase::create().await;
        let mut config = test_config(database.url());
        config.smtp_url = smtp_url.map(|url| url::Url::parse(&url).expect("smtp url"));
        let app = Application::build_with_clock(config.clone(), clock.clone())
            .await
            .expect("application builds");
        let address = app.base_url().to_owned();
        let services = app.services().clone();
        // Tests drive the workers' single steps themselves, so results do not race a loop.
        tokio::spawn(
            app.without_workers()
                .run_until_stopped(std::future::pending()),
        );
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .expect("client");
        Self {
            address,
            config,
            client,
            services,
            clock,
            database,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Creates an account directly through the services (as `expat-desk user add` would).
    pub async fn create_user(&self, role: &str, email: &str, partner: Option<&str>) {
        self.services
            .create_user_from_cli(NewUserInput {
                email: email.to_owned(),
                name: format!("Test {role}"),
                role: role.to_owned(),
                partner: partner.map(str::to_owned),
                password: PASSWORD.to_owned(),
            })
            .await
            .expect("user created");
    }

    /// Signs in over the API and returns the bearer token.
    pub async fn token_for(&self, email: &str) -> String {
        let response = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .expect("token request");
        assert_eq!(response.status(), StatusCode::CREATED, "sign-in of {email}");
        let body: Value = response.json().await.expect("json");
        body["token"].as_str().expect("token").to_owned()
    }

    /// A new account of `role` and its token.
    pub async fn signed_in(&self, role: &str) -> String {
        let email = format!("{role}-{}@centre.example.org", rand::random::<u32>());
        self.create_user(role, &email, None).await;
        self.token_for(&email).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    /// An admin-created partner organisation.
    pub async fn create_partner(
        &self,
        admin_token: &str,
        slug: &str,
        categories: &[&str],
    ) -> Value {
        let response = self
            .post(
                "/api/v1/partners",
                Some(admin_token),
                &json!({
                    "slug": slug,
                    "name": format!("Partner {slug}"),
                    "email": format!("{slug}@partners.example.org"),
                    "categories": categories,
                    "languages": ["cs", "en"],
                }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.expect("json")
    }

    /// A newcomer recorded by `token`'s holder; returns its id.
    pub async fn create_newcomer(&self, token: &str) -> i64 {
        let response = self
            .post(
                "/api/v1/newcomers",
                Some(token),
                &json!({
                    "full_name": "Olena Kovalenko",
                    "email": "olena@example.org",
                    "preferred_language": "uk",
                    "nationality": "Ukrainian",
                    "consent": true,
                    "sharing_consent": true,
                }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.expect("json");
        body["id"].as_i64().expect("id")
    }

    /// Applies a transition and returns the answer.
    pub async fn transition(&self, token: &str, reference: &str, body: &Value) -> Response {
        self.post(
            &format!("/api/v1/requests/{reference}/transitions"),
            Some(token),
            body,
        )
        .await
    }

    /// Applies a transition that must succeed; returns the request detail.
    pub async fn transition_ok(&self, token: &str, reference: &str, body: &Value) -> Value {
        let response = self.transition(token, reference, body).await;
        let status = response.status();
        let text = response.text().await.expect("text");
        assert_eq!(status, StatusCode::OK, "{text}");
        serde_json::from_str(&text).expect("json")
    }

    /// A second application instance on the same database, as after a restart.
    pub async fn restarted_services(&self) -> Services {
        let app = Application::build_with_clock(self.config.clone(), self.clock.clone())
            .await
            .expect("application builds again");
        app.services().clone()
    }

    /// A direct connection to the test database, for checking what was written.
    pub async fn db(&self) -> sea_orm::DatabaseConnection {
        Database::connect(self.database.url()).await.expect("db")
    }

    /// A request taken in for a new newcomer; returns the whole answer.
    pub async fn create_request(&self, token: &str, category: &str) -> Value {
        let newcomer_id = self.create_newcomer(token).await;
        let response = self
            .post(
                "/api/v1/requests",
                Some(token),
                &json!({
                    "newcomer_id": newcomer_id,
                    "category": category,
                    "title": "Flat near the city centre",
                    "description": "Family of three, needs a two-room flat from next month.",
                }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.expect("json")
    }
}

/// Asserts a problem+json answer with `status`, and returns it.
pub async fn assert_problem(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"].as_u64(), Some(u64::from(status.as_u16())));
    assert!(body["type"].is_string() && body["title"].is_string() && body["detail"].is_string());
    body
}

/// The field names of a validation problem.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
