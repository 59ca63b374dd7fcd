//! The newcomer's status check: page, API, magic link, limits, languages, privacy.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};

struct Case {
    reference: String,
    code: String,
    token: String,
}

/// A request taken in over the API, with the magic link read from its queued intake mail.
async fn case(app: &TestApp, caseworker: &str) -> Case {
    let created = app.create_request(caseworker, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    let db = app.db().await;
    let mail = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("request_received"))
        .all(&db)
        .await
        .expect("outbox")
        .into_iter()
        .find(|m| m.subject.contains(&reference))
        .expect("intake mail");
    let token = mail
        .body_text
        .split("/s/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a magic link in the intake mail")
        .to_owned();
    Case {
        reference,
        code: created["access_code"].as_str().expect("code").to_owned(),
        token,
    }
}

async fn status(app: &TestApp, reference: &str, code: &str) -> reqwest::Response {
    app.post(
        "/api/v1/status",
        None,
        &json!({"reference": reference, "access_code": code}),
    )
    .await
}

#[tokio::test]
async fn the_right_code_shows_the_state_in_the_newcomers_language() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let case = case(&app, &token).await;
    let response = status(
        &app,
        &case.reference,
        &case.code.to_lowercase().replace('-', " "),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["state"], "new");
    assert_eq!(body["language"], "uk");
    assert!(body["timeline"].as_array().is_some_and(|t| !t.is_empty()));
    let english: Value = app
        .post(
            "/api/v1/status",
            None,
            &json!({"reference": case.reference, "access_code": case.code, "language": "en"}),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(english["language"], "en");
    assert_ne!(english["state_label"], body["state_label"]);
}

#[tokio::test]
async fn a_wrong_code_and_an_unknown_reference_get_identical_answers() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let case = case(&app, &token).await;
    let wrong = status(&app, &case.reference, "2222-2222-2222").await;
    let wrong_status = wrong.status();
    let wrong_body = wrong.text().await.expect("text");
    let unknown = status(&app, "EXP-2026-99999", &case.code).await;
    let unknown_status = unknown.status();
    let unknown_body = unknown.text().await.expect("text");
    assert_eq!(wrong_status, StatusCode::NOT_FOUND);
    assert_eq!(unknown_status, StatusCode::NOT_FOUND);
    assert_eq!(wrong_body, unknown_body);
    let malformed = status(&app, "nonsense", "x").await;
    assert_eq!(malformed.status(), StatusCode::NOT_FOUND);
    assert_eq!(malformed.text().await.expect("text"), wrong_body);
}

#[tokio::test]
async fn the_status_page_gives_the_same_page_for_a_wrong_code_and_an_unknown_reference() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let case = case(&app, &token).await;
    let wrong = app
        .submit(
            "/status",
            "/status",
            &[
                ("reference", case.reference.as_str()),
                ("access_code", "2222-2222-2222"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let wrong = wrong
        .text()
        .await
        .expect("html")
        .replace(&case.reference, "REF");
    let unknown = app
        .submit(
            "/status",
            "/status",
            &[
                ("reference", "EXP-2026-99999"),
                ("access_code", "2222-2222-2222"),
            ],
        )
        .await;
    let unknown = unknown
        .text()
        .await
        .expect("html")
        .replace("EXP-2026-99999", "REF");
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn repeated_failures_on_one_reference_are_throttled_but_the_magic_link_still_works() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let case = case(&app, &token).await;
    let mut limited = None;
    for _ in 0..12 {
        let response = status(&app, &case.reference, "2222-2222-2222").await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(response);
            break;
        }
    }
    let response = limited.expect("a 429 after repeated failures");
    assert!(response.headers().get("retry-after").is_some());
    assert_problem(response, StatusCode::TOO_MANY_REQUESTS).await;
    let (status_code, html) = app.page(&format!("/s/{}", case.token)).await;
    assert_eq!(status_code, StatusCode::OK);
    assert!(html.contains(&case.reference));
}

#[tokio::test]
async fn the_magic_link_opens_the_page_and_a_tampered_one_does_not() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let case = case(&app, &token).await;
    let (code, html) = app.page(&format!("/s/{}", case.token)).await;
    assert_eq!(code, StatusCode::OK);
    assert!(html.contains("id=\"state-label\""));
    assert!(html.contains("lang=\"uk\""));
    let mut tampered = case.token.clone();
    let last = tampered
        .pop()
        .map(|c| if c == '0' { '1' } else { '0' })
        .unwrap_or('0');
    tampered.push(last);
    let (code, html) = app.page(&format!("/s/{tampered}")).await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    assert!(!html.contains("id=\"state-label\""));
    let other_reference = case.token.replacen(&case.reference, "EXP-2026-00099", 1);
    assert_eq!(
        app.page(&format!("/s/{other_reference}")).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn internal_notes_and_staff_names_never_reach_the_newcomer() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    let token = app.signed_in("caseworker").await;
    let case = case(&app, &token).await;
    let reference = case.reference.clone();
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "decline", "version": 3, "comment": "SECRET-DECLINE-REASON"}),
    )
    .await;
    app.browser_as("caseworker").await;
    let page = format!("/requests/{reference}");
    app.submit(
        &page,
        &format!("{page}/notes"),
        &[("note", "SECRET-INTERNAL-NOTE"), ("visibility", "internal")],
    )
    .await;
    app.submit(
        &page,
        &format!("{page}/notes"),
        &[("note", "SECRET-PARTNER-NOTE"), ("visibility", "partner")],
    )
    .await;
    let api = status(&app, &reference, &case.code)
        .await
        .text()
        .await
        .expect("text");
    // The newcomer's own browser: nobody is signed in there.
    let html = reqwest::get(app.url(&format!("/s/{}", case.token)))
        .await
        .expect("sent")
        .text()
        .await
        .expect("html");
    for body in [&api, &html] {
        for secret in [
            "SECRET-DECLINE-REASON",
            "SECRET-INTERNAL-NOTE",
            "SECRET-PARTNER-NOTE",
            "Test caseworker",
            "Test admin",
        ] {
            assert!(!body.contains(secret), "{secret} leaked");
        }
    }
}

#[tokio::test]
async fn what_the_centre_needs_is_shown_and_the_newcomer_can_answer() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let case = case(&app, &token).await;
    app.transition_ok(
        &token,
        &case.reference,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;
    app.transition_ok(&token, &case.reference, &json!({"transition": "request_info", "version": 2, "comment": "A copy of your rental contract"})).await;
    let (_, html) = app.page(&format!("/s/{}?lang=en", case.token)).await;
    assert!(
        html.contains("What we need from you") && html.contains("A copy of your rental contract")
    );
    let response = app
        .submit(
            &format!("/s/{}", case.token),
            "/status/message",
            &[
                ("token", case.token.as_str()),
                ("message", "Sent it by post today."),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .text()
            .await
            .expect("html")
            .contains("Sent it by post today.")
    );
    let detail: Value = app
        .get(
            &format!("/api/v1/requests/{}", case.reference),
            Some(&token),
        )
        .await
        .json()
        .await
        .expect("json");
    assert!(
        detail["events"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["kind"] == "newcomer_message"))
    );
    let db = app.db().await;
    let notified = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("newcomer_message"))
        .all(&db)
        .await
        .expect("outbox");
    assert_eq!(notified.len(), 1, "the assignee is told");
    let empty = app
        .submit(
            &format!("/s/{}", case.token),
            "/status/message",
            &[("token", case.token.as_str()), ("message", "  ")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let forged = app
        .submit(
            "/status",
            "/status/message",
            &[("token", "EXP-2026-00001.0000"), ("message", "hi")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_state_of_the_general_workflow_renders_in_every_language() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let case = case(&app, &token).await;
    let steps = [
        json!({"transition": "triage"}),
        json!({"transition": "request_info", "comment": "Passport copy"}),
        json!({"transition": "info_received"}),
        json!({"transition": "resolve", "comment": "Flat found"}),
        json!({"transition": "close"}),
    ];
    let mut seen_labels = std::collections::HashSet::new();
    for (index, step) in std::iter::once(None)
        .chain(steps.iter().map(Some))
        .enumerate()
    {
        if let Some(step) = step {
            let mut body = step.clone();
            body["version"] = json!(index);
            app.transition_ok(&token, &case.reference, &body).await;
        }
        for lang in ["en", "cs", "uk"] {
            let (code, html) = app.page(&format!("/s/{}?lang={lang}", case.token)).await;
            assert_eq!(code, StatusCode::OK);
            assert!(html.contains(&format!("lang=\"{lang}\"")));
            let label = html
                .split("id=\"state-label\">")
                .nth(1)
                .and_then(|r| r.split('<').next())
                .unwrap_or_default()
                .to_owned();
            let next = html
                .split("id=\"state-next\">")
                .nth(1)
                .and_then(|r| r.split('<').next())
                .unwrap_or_default()
                .to_owned();
            assert!(!label.is_empty() && !next.is_empty(), "{lang} step {index}");
            assert!(!label.contains('_'), "a machine name leaked: {label}");
            seen_labels.insert(label);
        }
    }
    assert!(
        seen_labels.len() >= 12,
        "labels differ per state and language: {seen_labels:?}"
    );
}

#[tokio::test]
async fn every_status_check_is_in_the_audit_log() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let case = case(&app, &token).await;
    status(&app, &case.reference, &case.code).await;
    status(&app, &case.reference, "2222-2222-2222").await;
    app.services.flush_audit().await;
    let db = app.db().await;
    let checks = entity::audit_entry::Entity::find()
        .filter(entity::audit_entry::Column::Action.eq("status_check"))
        .all(&db)
        .await
        .expect("audit");
    assert_eq!(checks.len(), 2);
    assert!(
        checks
            .iter()
            .any(|c| c.detail.as_deref() == Some("ok (code)"))
    );
    assert!(
        checks
            .iter()
            .any(|c| c.detail.as_deref() == Some("failed (code)"))
    );
    assert!(
        checks
            .iter()
            .all(|c| c.address.as_deref() == Some("127.0.0.1"))
    );
}

#[tokio::test]
async fn the_status_form_follows_the_browsers_language_and_names_missing_fields() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/status"))
        .header("accept-language", "cs-CZ,cs;q=0.9,en;q=0.5")
        .send()
        .await
        .expect("sent");
    let html = response.text().await.expect("html");
    assert!(html.contains("lang=\"cs\"") && html.contains("Přístupový kód"));
    let response = app
        .submit(
            "/status",
            "/status",
            &[("reference", ""), ("access_code", "")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("id=\"error-reference\"") && html.contains("id=\"error-access_code\""));
}
