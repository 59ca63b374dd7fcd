use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields};

async fn triaged_request(app: &TestApp, token: &str) -> String {
    let created = app.create_request(token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    app.transition_ok(
        token,
        &reference,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;
    reference
}

#[tokio::test]
async fn triage_moves_the_request_on_and_bumps_the_version() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref");
    let detail = app
        .transition_ok(
            &token,
            reference,
            &json!({"transition": "triage", "version": 1}),
        )
        .await;
    assert_eq!(detail["state"], "triage");
    assert_eq!(detail["version"], 2);
    let last = detail["events"]
        .as_array()
        .and_then(|e| e.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["kind"], "state_changed");
    assert_eq!(last["from_state"], "new");
    assert_eq!(last["to_state"], "triage");
}

#[tokio::test]
async fn a_stale_version_is_a_409_conflict() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged_request(&app, &token).await;
    let response = app
        .transition(
            &token,
            &reference,
            &json!({"transition": "request_info", "version": 1, "comment": "Passport copy"}),
        )
        .await;
    assert_problem(response, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn a_transition_from_the_wrong_state_is_422_with_the_reason() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let response = app
        .transition(
            &token,
            created["reference"].as_str().expect("ref"),
            &json!({"transition": "resolve", "version": 1, "comment": "done"}),
        )
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("new"),
        "{problem}"
    );
}

#[tokio::test]
async fn an_unknown_transition_is_a_field_error() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let response = app
        .transition(
            &token,
            created["reference"].as_str().expect("ref"),
            &json!({"transition": "teleport", "version": 1}),
        )
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["transition"]);
}

#[tokio::test]
async fn missing_transition_and_version_are_field_errors() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let response = app
        .transition(
            &token,
            created["reference"].as_str().expect("ref"),
            &json!({}),
        )
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["transition", "version"]);
}

#[tokio::test]
async fn request_info_without_a_comment_is_a_field_error() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged_request(&app, &token).await;
    let response = app
        .transition(
            &token,
            &reference,
            &json!({"transition": "request_info", "version": 2}),
        )
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["comment"]);
}

#[tokio::test]
async fn refer_to_an_unknown_partner_is_a_field_error() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged_request(&app, &token).await;
    let response = app
        .transition(
            &token,
            &reference,
            &json!({"transition": "refer", "version": 2, "partner": "nobody-here"}),
        )
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["partner"]);
}

#[tokio::test]
async fn refer_sets_the_partner_the_due_date_and_queues_the_partner_mail_in_the_same_transaction() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged_request(&app, &token).await;
    let detail = app
        .transition_ok(
            &token,
            &reference,
            &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
        )
        .await;
    assert_eq!(detail["state"], "referred");
    assert_eq!(detail["partner"], "bydleni");
    assert!(detail["due_at"].is_string());
    let db = app.db().await;
    let mails = entity::outbox_message::Entity::find()
        .all(&db)
        .await
        .expect("outbox");
    assert!(
        mails.iter().any(|m| m.template == "referral_offered"
            && m.recipient_email == "bydleni@partners.example.org"),
        "{mails:?}"
    );
    let timers = entity::timer::Entity::find()
        .filter(entity::timer::Column::Status.eq("pending"))
        .all(&db)
        .await
        .expect("timers");
    assert!(
        timers.iter().any(|t| t.name == "partner_reminder"),
        "{timers:?}"
    );
}

#[tokio::test]
async fn the_referred_partner_may_accept_and_another_partner_cannot_even_see_it() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    app.create_partner(&admin, "charita", &["housing"]).await;
    app.create_user("partner", "eva@bydleni.example.org", Some("bydleni"))
        .await;
    app.create_user("partner", "ota@charita.example.org", Some("charita"))
        .await;
    let ours = app.token_for("eva@bydleni.example.org").await;
    let theirs = app.token_for("ota@charita.example.org").await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged_request(&app, &token).await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;

    let denied = app
        .transition(
            &theirs,
            &reference,
            &json!({"transition": "accept", "version": 3}),
        )
        .await;
    assert_problem(denied, StatusCode::NOT_FOUND).await;
    let detail = app
        .transition_ok(
            &ours,
            &reference,
            &json!({"transition": "accept", "version": 3}),
        )
        .await;
    assert_eq!(detail["state"], "in_progress");
}

#[tokio::test]
async fn a_partner_user_may_not_triage() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    app.create_user("partner", "eva@bydleni.example.org", Some("bydleni"))
        .await;
    let partner = app.token_for("eva@bydleni.example.org").await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged_request(&app, &token).await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    let response = app
        .transition(
            &partner,
            &reference,
            &json!({"transition": "cancel", "version": 3, "comment": "no"}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

#[tokio::test]
async fn a_decline_reason_is_kept_off_the_public_timeline() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged_request(&app, &token).await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    let detail = app
        .transition_ok(
            &token,
            &reference,
            &json!({"transition": "decline", "version": 3, "comment": "No flats free this month"}),
        )
        .await;
    assert_eq!(detail["state"], "triage");
    assert_eq!(detail["partner"], Value::Null);
    let events = detail["events"].as_array().cloned().unwrap_or_default();
    let reason: Vec<&Value> = events
        .iter()
        .filter(|e| e["body"] == "No flats free this month")
        .collect();
    assert_eq!(reason.len(), 1);
    assert_ne!(reason[0]["visibility"], "public");
}

#[tokio::test]
async fn two_concurrent_transitions_on_one_version_let_exactly_one_through() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref");
    let triage = json!({"transition": "triage", "version": 1});
    let cancel = json!({"transition": "cancel", "version": 1, "comment": "duplicate request"});
    let (first, second) = tokio::join!(
        app.transition(&token, reference, &triage),
        app.transition(&token, reference, &cancel)
    );
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let detail: Value = app
        .get(&format!("/api/v1/requests/{reference}"), Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(detail["version"], 2);
    let changes = detail["events"]
        .as_array()
        .map(|e| e.iter().filter(|e| e["kind"] == "state_changed").count())
        .unwrap_or_default();
    assert_eq!(changes, 1);
}

#[tokio::test]
async fn a_closed_request_offers_no_transitions() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged_request(&app, &token).await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "resolve", "version": 2, "comment": "Found a flat"}),
    )
    .await;
    let detail = app
        .transition_ok(
            &token,
            &reference,
            &json!({"transition": "close", "version": 3}),
        )
        .await;
    assert_eq!(detail["state"], "closed");
    assert_eq!(detail["allowed_transitions"], json!([]));
    let response = app
        .transition(
            &token,
            &reference,
            &json!({"transition": "reopen", "version": 4}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}
