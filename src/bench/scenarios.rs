//! The scenarios, and the data each needs, made through the public API so the same code
//! works against an in-process server and a remote one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::sync::OnceCell;

use crate::services::Services;
use crate::services::users::NewUserInput;

/// The account the in-process bench signs in with; `--url` runs use
/// `EXPAT_DESK_BENCH_EMAIL`/`EXPAT_DESK_BENCH_PASSWORD` (default: the demo caseworker).
const BENCH_EMAIL: &str = "bench@expat-desk.invalid";
const BENCH_PASSWORD: &str = "bench-password-not-secret";
const DEMO_EMAIL: &str = "jana.novakova@expat-centre.example";
const DEMO_PASSWORD: &str = "demo-password";
/// How many requests the read scenarios spread over.
const READ_POOL: usize = 200;
/// Search words that find something in demo, seeded and bench data.
const SEARCH_WORDS: [&str; 5] = ["newcomer", "flat", "kovalenko", "permit", "nguyen"];

/// A named load pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// A constant answer through the same router and middleware, no database.
    Floor,
    /// One row by primary key through the same pool.
    FloorRow,
    /// 50 rows rendered by a trivial askama template.
    FloorPage,
    /// One single-row insert through the write path.
    FloorInsert,
    /// `GET /api/v1/requests/{reference}` with its timeline.
    GetRequest,
    /// `GET /api/v1/requests?state=new&limit=50`.
    List,
    /// `GET /api/v1/requests?q=…&limit=50`.
    Search,
    /// `POST /api/v1/status` with a right code.
    Status,
    /// The staff HTML page of one request.
    RequestPage,
    /// The caseworker's dashboard page.
    Dashboard,
    /// A workflow transition (engine, request row, event, outbox and timer rows, one transaction).
    Transition,
    /// A newcomer and a request taken in (two API calls per operation).
    Intake,
    /// Outbox → SMTP on loopback, messages per second (in-process only).
    Delivery,
}

impl Scenario {
    /// Every scenario, in report order.
    pub const ALL: [Scenario; 13] = [
        Scenario::Floor,
        Scenario::FloorRow,
        Scenario::FloorPage,
        Scenario::FloorInsert,
        Scenario::GetRequest,
        Scenario::List,
        Scenario::Search,
        Scenario::Status,
        Scenario::RequestPage,
        Scenario::Dashboard,
        Scenario::Transition,
        Scenario::Intake,
        Scenario::Delivery,
    ];

    /// The scenario's name in reports and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Floor => "floor",
            Scenario::FloorRow => "floor-row",
            Scenario::FloorPage => "floor-page",
            Scenario::FloorInsert => "floor-insert",
            Scenario::GetRequest => "get-request",
            Scenario::List => "list",
            Scenario::Search => "search",
            Scenario::Status => "status",
            Scenario::RequestPage => "request-page",
            Scenario::Dashboard => "dashboard",
            Scenario::Transition => "transition",
            Scenario::Intake => "intake",
            Scenario::Delivery => "delivery",
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

/// A signed-in client, and the data shared by the read scenarios.
pub struct Session {
    api: Api,
    concurrency: usize,
    pool: OnceCell<Arc<Vec<(String, String)>>>,
    browser: OnceCell<Client>,
}

impl Session {
    /// Signs in to the API.
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
            api: Api {
                client,
                base_url,
                token,
            },
            concurrency,
            pool: OnceCell::new(),
            browser: OnceCell::new(),
        })
    }

    /// The data a scenario needs, made before the clock starts.
    ///
    /// # Errors
    /// When the data cannot be made.
    pub async fn prepare(&self, scenario: Scenario) -> Result<Prepared, String> {
        let kind = match scenario {
            Scenario::Floor => Kind::Get("/bench/floor".into()),
            Scenario::FloorRow => Kind::FloorRow(self.read_pool().await?.len()),
            Scenario::FloorPage => Kind::Get("/bench/floor-page".into()),
            Scenario::FloorInsert => Kind::FloorInsert,
            Scenario::GetRequest => Kind::GetRequest(self.read_pool().await?),
            Scenario::List => Kind::Get("/api/v1/requests?state=new&limit=50".into()),
            Scenario::Search => Kind::Search,
            Scenario::Status => Kind::Status(self.read_pool().await?),
            Scenario::RequestPage => Kind::Page(self.browser().await?, self.read_pool().await?),
            Scenario::Dashboard => Kind::Dashboard(self.browser().await?),
            Scenario::Transition => Kind::Transition(self.transition_slots().await?),
            Scenario::Intake | Scenario::Delivery => Kind::Intake,
        };
        Ok(Prepared {
            api: Arc::new(self.api.clone()),
            kind: Arc::new(kind),
        })
    }

    /// Requests (reference, access code) made once and shared by the read scenarios.
    async fn read_pool(&self) -> Result<Arc<Vec<(String, String)>>, String> {
        self.pool
            .get_or_try_init(|| async {
                let mut pool = Vec::with_capacity(READ_POOL);
                for _ in 0..READ_POOL {
                    pool.push(take_in(&self.api).await?);
                }
                Ok::<_, String>(Arc::new(pool))
            })
            .await
            .cloned()
    }

    /// One request per worker, triaged, for the transition cycle.
    async fn transition_slots(&self) -> Result<Vec<Slot>, String> {
        let mut slots = Vec::with_capacity(self.concurrency);
        for _ in 0..self.concurrency.max(1) {
            let (reference, _) = take_in(&self.api).await?;
            let path = format!("/api/v1/requests/{reference}/transitions");
            self.api
                .post_ok(&path, &json!({"transition": "triage", "version": 1}))
                .await?;
            slots.push(Slot {
                reference,
                version: AtomicI64::new(2),
                waiting: AtomicBool::new(false),
            });
        }
        Ok(slots)
    }

    /// A cookie-keeping client signed in through the sign-in form, for the HTML pages.
    async fn browser(&self) -> Result<Client, String> {
        self.browser
            .get_or_try_init(|| async {
                let client = Client::builder()
                    .cookie_store(true)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| e.to_string())?;
                let base = &self.api.base_url;
                let html = client
                    .get(format!("{base}/sign-in"))
                    .send()
                    .await
                    .map_err(|e| e.to_string())?
                    .text()
                    .await
                    .map_err(|e| e.to_string())?;
                let token = html
                    .split("name=\"csrf_token\" value=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .ok_or("no CSRF token on the sign-in page")?
                    .to_owned();
                let (email, password) = credentials();
                let response = client
                    .post(format!("{base}/sign-in"))
                    .form(&[
                        ("email", email.as_str()),
                        ("password", password.as_str()),
                        ("csrf_token", token.as_str()),
                    ])
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if response.status() != StatusCode::SEE_OTHER {
                    return Err(format!("page sign-in failed: {}", response.status()));
                }
                Ok(client)
            })
            .await
            .cloned()
    }
}

#[derive(Clone)]
struct Api {
    client: Client,
    base_url: String,
    token: String,
}

impl Api {
    async fn post(&self, path: &str, body: &Value) -> Result<reqwest::Response, String> {
        let response = self
            .client
            .post(format!("{}{path}", self.base_url))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status().is_success() {
            Ok(response)
        } else {
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            Err(format!("POST {path}: {status} {text}"))
        }
    }

    async fn post_ok(&self, path: &str, body: &Value) -> Result<Value, String> {
        self.post(path, body)
            .await?
            .json()
            .await
            .map_err(|e| e.to_string())
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

/// A newcomer and a request over the API; returns the reference and access code.
async fn take_in(api: &Api) -> Result<(String, String), String> {
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
    let reference = created["reference"]
        .as_str()
        .ok_or("no reference")?
        .to_owned();
    let code = created["access_code"]
        .as_str()
        .ok_or("no access code")?
        .to_owned();
    Ok((reference, code))
}

/// One worker's request in the transition scenario: only that worker touches it, so no
/// operation conflicts with another.
struct Slot {
    reference: String,
    version: AtomicI64,
    waiting: AtomicBool,
}

enum Kind {
    Get(String),
    FloorRow(usize),
    FloorInsert,
    GetRequest(Arc<Vec<(String, String)>>),
    Search,
    Status(Arc<Vec<(String, String)>>),
    Page(Client, Arc<Vec<(String, String)>>),
    Dashboard(Client),
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
        let pick = |len: usize| {
            (worker.wrapping_mul(7919) + usize::try_from(iteration).unwrap_or(0)) % len.max(1)
        };
        let base = &self.api.base_url;
        match self.kind.as_ref() {
            Kind::Get(path) => self.api.get_ok(path).await,
            Kind::FloorRow(rows) => {
                self.api
                    .get_ok(&format!("/bench/floor-row/{}", pick(*rows) + 1))
                    .await
            }
            Kind::FloorInsert => self
                .api
                .post("/bench/floor-insert", &json!({}))
                .await
                .map(|_| ()),
            Kind::GetRequest(pool) => {
                let (reference, _) = pool.get(pick(pool.len())).ok_or("empty pool")?;
                self.api
                    .get_ok(&format!("/api/v1/requests/{reference}"))
                    .await
            }
            Kind::Search => {
                let word = SEARCH_WORDS[pick(SEARCH_WORDS.len())];
                self.api
                    .get_ok(&format!("/api/v1/requests?q={word}&limit=50"))
                    .await
            }
            Kind::Status(pool) => {
                let (reference, code) = pool.get(pick(pool.len())).ok_or("empty pool")?;
                self.api
                    .post(
                        "/api/v1/status",
                        &json!({"reference": reference, "access_code": code}),
                    )
                    .await
                    .map(|_| ())
            }
            Kind::Page(client, pool) => {
                let (reference, _) = pool.get(pick(pool.len())).ok_or("empty pool")?;
                page_ok(client, &format!("{base}/requests/{reference}")).await
            }
            Kind::Dashboard(client) => page_ok(client, &format!("{base}/dashboard")).await,
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

async fn page_ok(client: &Client, url: &str) -> Result<(), String> {
    let response = client.get(url).send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let _ = response.bytes().await.map_err(|e| e.to_string())?;
    if status == StatusCode::OK {
        Ok(())
    } else {
        Err(format!("GET {url}: {status}"))
    }
}
