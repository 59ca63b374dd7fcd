//! The scenarios, and the data each needs, made through the public API so the same code
//! works against an in-process server and a remote one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::services::Services;
use crate::services::users::NewUserInput;

/// The account the in-process bench signs in with; `--url` runs use
/// `EXPAT_DESK_BENCH_EMAIL`/`EXPAT_DESK_BENCH_PASSWORD` (default: the demo caseworker).
const BENCH_EMAIL: &str = "bench@expat-desk.invalid";
const BENCH_PASSWORD: &str = "bench-password-not-secret";
const DEMO_EMAIL: &str = "jana.novakova@expat-centre.example";
const DEMO_PASSWORD: &str = "demo-password";
/// How many requests `get-request` reads from.
const READ_POOL: usize = 200;

/// A named load pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// A constant answer through the same router and middleware, no database.
    Floor,
    /// `GET /api/v1/requests/{reference}` with its timeline.
    GetRequest,
    /// A workflow transition (engine, request row, event, outbox and timer rows, one transaction).
    Transition,
    /// A newcomer and a request taken in (two API calls per operation).
    Intake,
}

impl Scenario {
    /// Every scenario, in report order.
    pub const ALL: [Scenario; 4] = [
        Scenario::Floor,
        Scenario::GetRequest,
        Scenario::Transition,
        Scenario::Intake,
    ];

    /// The scenario's name in reports and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Floor => "floor",
            Scenario::GetRequest => "get-request",
            Scenario::Transition => "transition",
            Scenario::Intake => "intake",
        }
    }
}

/// Creates the in-process bench account if it is missing.
///
/// # Errors
/// When the account cannot be created for another reason than already existing.
pub async fn ensure_bench_account(services: &Services) -> Result<(), String> {
    let input = NewUserInput {
        email: BENCH_EMAIL.to_owned(),
        name: "Benchmark".to_owned(),
        role: "caseworker".to_owned(),
        partner: None,
        password: BENCH_PASSWORD.to_owned(),
    };
    match services.create_user_from_cli(input).await {
        Ok(_) => Ok(()),
        Err(error) if error.to_string().contains("already exists") => Ok(()),
        Err(error) => Err(error.one_line()),
    }
}

/// A signed-in client.
pub struct Session {
    client: Client,
    base_url: String,
    token: String,
    concurrency: usize,
}

impl Session {
    /// Signs in.
    ///
    /// # Errors
    /// When signing in fails.
    pub async fn sign_in(
        client: Client,
        base_url: String,
        concurrency: usize,
    ) -> Result<Self, String> {
        let (email, password) = credentials();
        let response = client
            .post(format!("{base_url}/api/v1/auth/token"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .map_err(|e| format!("cannot reach {base_url}: {e}"))?;
        if response.status() != StatusCode::CREATED {
            return Err(format!(
                "cannot sign in as {email} at {base_url}: {}",
                response.status()
            ));
        }
        let body: Value = response.json().await.map_err(|e| e.to_string())?;
        let token = body["token"]
            .as_str()
            .ok_or("no token in the sign-in answer")?
            .to_owned();
        Ok(Self {
            client,
            base_url,
            token,
            concurrency,
        })
    }

    /// The data a scenario needs, made before the clock starts.
    ///
    /// # Errors
    /// When the data cannot be made.
    pub async fn prepare(&self, scenario: Scenario) -> Result<Prepared, String> {
        let kind = match scenario {
            Scenario::Floor => Kind::Floor,
            Scenario::Intake => Kind::Intake,
            Scenario::GetRequest => {
                let mut references = Vec::with_capacity(READ_POOL);
                for _ in 0..READ_POOL {
                    references.push(self.take_in().await?);
                }
                Kind::GetRequest(references)
            }
            Scenario::Transition => {
                let mut slots = Vec::with_capacity(self.concurrency);
                for _ in 0..self.concurrency.max(1) {
                    let reference = self.take_in().await?;
                    let api = self.api();
                    api.post_ok(
                        &format!("/api/v1/requests/{reference}/transitions"),
                        &json!({"transition": "triage", "version": 1}),
                    )
                    .await?;
                    slots.push(Slot {
                        reference,
                        version: AtomicI64::new(2),
                        waiting: AtomicBool::new(false),
                    });
                }
                Kind::Transition(slots)
            }
        };
        Ok(Prepared {
            api: Arc::new(self.api()),
            kind: Arc::new(kind),
        })
    }

    fn api(&self) -> Api {
        Api {
            client: self.client.clone(),
            base_url: self.base_url.clone(),
            token: self.token.clone(),
        }
    }

    async fn take_in(&self) -> Result<String, String> {
        take_in(&self.api()).await
    }
}

fn credentials() -> (String, String) {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    match (
        env("EXPAT_DESK_BENCH_EMAIL"),
        env("EXPAT_DESK_BENCH_PASSWORD"),
    ) {
        (Some(email), Some(password)) => (email, password),
        _ if std::env::var("EXPAT_DESK_BENCH_REMOTE").is_ok() => {
            (DEMO_EMAIL.to_owned(), DEMO_PASSWORD.to_owned())
        }
        _ => (BENCH_EMAIL.to_owned(), BENCH_PASSWORD.to_owned()),
    }
}

#[derive(Clone)]
struct Api {
    client: Client,
    base_url: String,
    token: String,
}

impl Api {
    async fn post_ok(&self, path: &str, body: &Value) -> Result<Value, String> {
        let response = self
            .client
            .post(format!("{}{path}", self.base_url))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            return Err(format!("POST {path}: {status} {text}"));
        }
        response.json().await.map_err(|e| e.to_string())
    }

    async fn get_ok(&self, path: &str) -> Result<(), String> {
        let response = self
            .client
            .get(format!("{}{path}", self.base_url))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        // Read the whole body: a benchmark that skips it measures less than a client gets.
        let _ = response.bytes().await.map_err(|e| e.to_string())?;
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("GET {path}: {status}"))
        }
    }
}

async fn take_in(api: &Api) -> Result<String, String> {
    let newcomer = api
        .post_ok(
            "/api/v1/newcomers",
            &json!({"full_name": "Bench Newcomer", "email": "bench.newcomer@example.org",
                    "preferred_language": "en", "consent": true}),
        )
        .await?;
    let created = api
        .post_ok(
            "/api/v1/requests",
            &json!({"newcomer_id": newcomer["id"], "category": "housing", "title": "Flat near the centre",
                    "description": "Two rooms, from next month, budget 18,000 CZK."}),
        )
        .await?;
    created["reference"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "no reference".to_owned())
}

/// One worker's request in the transition scenario: only that worker touches it, so no
/// operation conflicts with another.
struct Slot {
    reference: String,
    version: AtomicI64,
    waiting: AtomicBool,
}

enum Kind {
    Floor,
    GetRequest(Vec<String>),
    Transition(Vec<Slot>),
    Intake,
}

/// A scenario ready to run.
#[derive(Clone)]
pub struct Prepared {
    api: Arc<Api>,
    kind: Arc<Kind>,
}

impl Prepared {
    /// One operation of worker `worker`.
    ///
    /// # Errors
    /// A short description of what failed.
    pub async fn run_once(&self, worker: usize, iteration: u64) -> Result<(), String> {
        match self.kind.as_ref() {
            Kind::Floor => self.api.get_ok("/bench/floor").await,
            Kind::GetRequest(references) => {
                let index = (worker.wrapping_mul(7919) + usize::try_from(iteration).unwrap_or(0))
                    % references.len().max(1);
                let reference = references.get(index).ok_or("empty pool")?;
                self.api
                    .get_ok(&format!("/api/v1/requests/{reference}"))
                    .await
            }
            Kind::Transition(slots) => {
                let slot = slots.get(worker % slots.len().max(1)).ok_or("no slot")?;
                self.cycle(slot).await
            }
            Kind::Intake => take_in(&self.api).await.map(|_| ()),
        }
    }

    /// triage → waiting_newcomer (`request_info`) → triage (`info_received`) → …: each step
    /// writes the request, an event, and outbox or timer rows.
    async fn cycle(&self, slot: &Slot) -> Result<(), String> {
        let version = slot.version.load(Ordering::Relaxed);
        let waiting = slot.waiting.load(Ordering::Relaxed);
        let body = if waiting {
            json!({"transition": "info_received", "version": version})
        } else {
            json!({"transition": "request_info", "version": version, "comment": "Please send a copy of your passport."})
        };
        let path = format!("/api/v1/requests/{}/transitions", slot.reference);
        let answer = self.api.post_ok(&path, &body).await?;
        let new_version = answer["version"]
            .as_i64()
            .ok_or("no version in the answer")?;
        slot.version.store(new_version, Ordering::Relaxed);
        slot.waiting.store(!waiting, Ordering::Relaxed);
        Ok(())
    }
}
