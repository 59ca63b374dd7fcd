//! `expat-desk seed`: deterministic, consistent with the workflows, and leaving the database
//! ready for real work.

use std::collections::{BTreeMap, BTreeSet};

use expat_desk::services::seed::{SeedOptions, SeedReport};
use expat_desk::workflow::replay;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use sha2::Sha256;

use crate::helpers::{TestApp, TestDatabase};

async fn seed(app: &TestApp, requests: u64, seed: u64) -> SeedReport {
    let options = SeedOptions {
        requests,
        seed,
        codes_file: None,
    };
    app.services
        .seed_database(options, &|_, _| {})
        .await
        .expect("seeded")
}

/// (reference, category, title, state, version) of every request, by reference.
async fn requests_of(app: &TestApp) -> Vec<(String, String, String, String, i32)> {
    entity::request::Entity::find()
        .order_by_asc(entity::request::Column::Reference)
        .all(&app.db().await)
        .await
        .expect("requests")
        .into_iter()
        .map(|r| (r.reference, r.category, r.title, r.state, r.version))
        .collect()
}

#[tokio::test]
async fn the_same_seed_gives_the_same_requests_on_fresh_databases() {
    let first = TestApp::spawn().await;
    let second = TestApp::spawn().await;
    let report = seed(&first, 300, 7).await;
    assert_eq!(seed(&second, 300, 7).await.requests, 300);
    assert_eq!(report.requests, 300);
    assert!(
        report.newcomers > 150 && report.newcomers < 300,
        "{report:?}"
    );
    assert!(report.events > 300 * 5, "{report:?}");
    assert!(report.outbox >= 300 && report.timers > 0, "{report:?}");
    let (a, b) = (requests_of(&first).await, requests_of(&second).await);
    assert_eq!(a.len(), 300);
    assert_eq!(a, b);
    let other = TestApp::spawn().await;
    seed(&other, 300, 8).await;
    assert_ne!(requests_of(&other).await, a, "another seed, other data");
}

#[tokio::test]
async fn seeded_histories_follow_the_workflows_and_every_state_occurs() {
    let app = TestApp::spawn().await;
    seed(&app, 2000, 42).await;
    let db = app.db().await;
    let requests = entity::request::Entity::find()
        .all(&db)
        .await
        .expect("requests");
    let mut changes: BTreeMap<i64, Vec<(String, String)>> = BTreeMap::new();
    for event in entity::request_event::Entity::find()
        .filter(entity::request_event::Column::Kind.eq("state_changed"))
        .order_by_asc(entity::request_event::Column::Id)
        .all(&db)
        .await
        .expect("events")
    {
        changes
            .entry(event.request_id)
            .or_default()
            .push((event.from_state.expect("from"), event.to_state.expect("to")));
    }
    let workflows = app.services.workflows();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for request in &requests {
        let workflow = workflows
            .get(
                &request.workflow_key,
                u32::try_from(request.workflow_version).expect("version"),
            )
            .expect("pinned workflow");
        let steps = changes.remove(&request.id).unwrap_or_default();
        let end = replay(workflow, &steps).expect("a history the workflow allows");
        assert_eq!(end, request.state, "{}", request.reference);
        assert_eq!(request.version as usize, 1 + steps.len());
        if request.state == "referred" || request.state == "in_progress" {
            assert!(request.partner_id.is_some(), "{}", request.reference);
        }
        assert!(request.state_entered_at >= request.created_at);
        assert!(request.updated_at >= request.state_entered_at);
        seen.insert((request.workflow_key.clone(), request.state.clone()));
    }
    for workflow in workflows.workflows() {
        for state in workflow.states() {
            assert!(
                seen.contains(&(workflow.key().to_owned(), state.name.clone())),
                "no seeded request in {} / {}",
                workflow.key(),
                state.name
            );
        }
    }
    let now = chrono::Utc::now();
    let timers = entity::timer::Entity::find()
        .all(&db)
        .await
        .expect("timers");
    assert!(!timers.is_empty());
    assert!(
        timers
            .iter()
            .all(|t| t.status == "pending" && t.due_at > now)
    );
    let pending_mail = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Status.eq("pending"))
        .all(&db)
        .await
        .expect("outbox");
    assert!(
        pending_mail.len() < 200,
        "a seeded database starts with little mail to deliver"
    );
}

#[tokio::test]
async fn an_intake_after_seeding_gets_a_fresh_reference_and_seeded_requests_read_normally() {
    let app = TestApp::spawn().await;
    seed(&app, 120, 3).await;
    let seeded: BTreeSet<String> = requests_of(&app).await.into_iter().map(|r| r.0).collect();
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("reference").to_owned();
    assert!(
        !seeded.contains(&reference),
        "{reference} was seeded already"
    );
    let year = reference.split('-').nth(1).expect("year");
    let last_seeded_this_year = seeded
        .iter()
        .filter(|r| r.split('-').nth(1) == Some(year))
        .max()
        .cloned();
    if let Some(last) = last_seeded_this_year {
        assert!(reference > last, "{reference} after {last}");
    }
    // Seeding again continues after both.
    seed(&app, 30, 3).await;
    let after: BTreeSet<String> = requests_of(&app).await.into_iter().map(|r| r.0).collect();
    assert_eq!(after.len(), 120 + 30 + 1);

    let some = seeded.iter().next().expect("a seeded request");
    let response = app
        .get(&format!("/api/v1/requests/{some}"), Some(&token))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let detail: Value = response.json().await.expect("json");
    assert!(detail["events"].as_array().expect("events").len() >= 2);
    let list = app.get("/api/v1/requests?state=new", Some(&token)).await;
    assert_eq!(list.status(), StatusCode::OK);
    let body: Value = list.json().await.expect("json");
    assert!(!body["items"].as_array().expect("items").is_empty());
}

#[tokio::test]
async fn the_codes_file_holds_codes_that_match_the_stored_hashes() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("codes.csv");
    app.services
        .seed_database(
            SeedOptions {
                requests: 40,
                seed: 5,
                codes_file: Some(path.clone()),
            },
            &|_, _| {},
        )
        .await
        .expect("seeded");
    let text = std::fs::read_to_string(&path).expect("codes file");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("reference,access_code"));
    let pairs: Vec<(&str, &str)> = lines
        .map(|line| line.split_once(',').expect("two fields"))
        .collect();
    assert_eq!(pairs.len(), 40);
    let db = app.db().await;
    let key = entity::app_secret::Entity::find_by_id("access_code_hmac".to_owned())
        .one(&db)
        .await
        .expect("query")
        .expect("key");
    let key: Vec<u8> = (0..key.value.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&key.value[i..i + 2], 16).expect("hex"))
        .collect();
    // The newcomer's status check accepts them, in the form the newcomer was shown.
    for (reference, code) in pairs.iter().take(3) {
        let response = app
            .post(
                "/api/v1/status",
                None,
                &serde_json::json!({"reference": reference, "access_code": code}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{reference}");
    }
    for (reference, code) in pairs.iter().take(10) {
        let canonical = code.replace('-', "");
        assert_eq!(canonical.len(), 12);
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).expect("key");
        mac.update(canonical.as_bytes());
        let expected: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let row = entity::request::Entity::find()
            .filter(entity::request::Column::Reference.eq(*reference))
            .one(&db)
            .await
            .expect("query")
            .expect("request");
        assert_eq!(row.access_code_hash, expected, "{reference}");
    }
}

#[tokio::test]
async fn the_seed_command_prints_one_summary_line() {
    let database = TestDatabase::create().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_expat-desk"))
        .args(["seed", "--requests", "25", "--seed", "9"])
        .env("DATABASE_URL", database.url())
        .env("RUST_LOG", "error")
        .output()
        .expect("binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("seeded 25 requests"), "{stdout}");
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_expat-desk"))
        .args(["seed", "--requests", "0"])
        .env("DATABASE_URL", database.url())
        .output()
        .expect("binary runs");
    assert!(!refused.status.success());
}
