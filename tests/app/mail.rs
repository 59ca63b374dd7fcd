//! Mail through a real SMTP conversation on loopback: content, language, threading, the
//! access code's single appearance, outages, restarts and concurrent workers.

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use chrono::Duration;
use expat_desk::clock::Clock;
use expat_desk::mail::sink::{ReceivedMail, SmtpSink};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

async fn app_with_sink() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await.expect("sink");
    let app = TestApp::spawn_with_mail(Clock::manual(chrono::Utc::now()), Some(sink.url())).await;
    (app, sink)
}

fn access_code_of(created: &serde_json::Value) -> String {
    created["access_code"].as_str().expect("code").to_owned()
}

fn body_contains(mail: &ReceivedMail, needle: &str) -> bool {
    mail.contains(needle)
}

async fn drain(app: &TestApp) {
    for _ in 0..10 {
        let report = app
            .services
            .deliver_due_mail(100)
            .await
            .expect("delivery round");
        if report.sent + report.retrying + report.dead == 0 {
            return;
        }
    }
}

#[tokio::test]
async fn the_intake_mail_reaches_the_newcomer_in_their_language_with_both_parts() {
    let (app, sink) = app_with_sink().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref");
    drain(&app).await;
    let mails = sink.messages();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.recipients, ["olena@example.org"]);
    let subject = mail.header("Subject").unwrap_or_default();
    assert!(subject.contains(reference), "{subject}");
    assert_eq!(
        mail.header("Message-ID"),
        Some(format!("<{reference}@localhost>"))
    );
    assert!(
        mail.header("Content-Type")
            .unwrap_or_default()
            .starts_with("multipart/alternative")
    );
    assert!(mail.data.contains("text/plain") && mail.data.contains("text/html"));
    assert_eq!(
        mail.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    assert!(
        mail.header("Reply-To")
            .unwrap_or_default()
            .contains(&format!("+{reference}@"))
    );
    assert_eq!(mail.header("Content-Language").as_deref(), Some("uk"));
    assert!(
        mail.contains("Добрий день"),
        "the text is Ukrainian: {:?}",
        mail.decoded_parts()
    );
    let code = access_code_of(&created);
    assert!(
        body_contains(mail, &code),
        "the intake mail carries the access code"
    );
}

#[tokio::test]
async fn every_mail_about_a_request_is_in_one_thread_and_only_the_intake_mail_has_the_code() {
    let (app, sink) = app_with_sink().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "request_info", "version": 2, "comment": "A copy of your passport"}),
    )
    .await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "info_received", "version": 3}),
    )
    .await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "refer", "version": 4, "partner": "bydleni"}),
    )
    .await;
    drain(&app).await;
    let mails = sink.messages();
    assert!(mails.len() >= 3, "{} mails", mails.len());
    let root = format!("<{reference}@localhost>");
    let code = access_code_of(&created);
    let mut ids = HashSet::new();
    for mail in &mails {
        assert!(
            mail.header("Subject")
                .unwrap_or_default()
                .contains(&reference)
        );
        let id = mail.header("Message-ID").unwrap_or_default();
        assert!(ids.insert(id.clone()), "duplicate Message-ID {id}");
        if id != root {
            assert_eq!(mail.header("In-Reply-To").as_deref(), Some(root.as_str()));
            assert_eq!(mail.header("References").as_deref(), Some(root.as_str()));
            assert!(
                !body_contains(mail, &code),
                "the access code leaked into {id}"
            );
        }
    }
    assert!(
        mails
            .iter()
            .any(|m| m.recipients == ["bydleni@partners.example.org"]),
        "the partner got the referral"
    );
}

#[tokio::test]
async fn the_delivered_intake_mail_is_scrubbed_of_the_access_code() {
    let (app, _sink) = app_with_sink().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    drain(&app).await;
    use sea_orm::EntityTrait;
    let rows = entity::outbox_message::Entity::find()
        .all(&app.db().await)
        .await
        .expect("rows");
    let code = access_code_of(&created);
    assert!(rows.iter().all(|r| r.status == "sent"
        && !r.body_text.contains(&code)
        && !r.body_html.contains(&code)));
}

async fn start_sink_on(
    port: u16,
    store: std::sync::Arc<std::sync::Mutex<Vec<ReceivedMail>>>,
) -> SmtpSink {
    for _ in 0..50 {
        if let Ok(sink) = SmtpSink::start_on(port, std::sync::Arc::clone(&store)).await {
            return sink;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    panic!("port {port} did not come free");
}

#[tokio::test]
async fn mail_taken_in_while_smtp_is_down_and_across_a_restart_arrives_exactly_once() {
    let sink = SmtpSink::start().await.expect("sink");
    let (port, store) = (sink.port(), sink.store());
    let url = sink.url();
    sink.stop();
    let app = TestApp::spawn_with_mail(Clock::manual(chrono::Utc::now()), Some(url)).await;
    let token = app.signed_in("caseworker").await;
    for _ in 0..25 {
        app.create_request(&token, "housing").await;
    }
    let report = app.services.deliver_due_mail(100).await.expect("round");
    assert_eq!((report.sent, report.retrying), (0, 25));

    let restarted = app.restarted_services().await;
    for _ in 0..25 {
        app.create_request(&token, "job").await;
    }
    restarted
        .deliver_due_mail(100)
        .await
        .expect("round while still down");

    let _sink = start_sink_on(port, store.clone()).await;
    app.clock.advance(Duration::hours(3));
    for _ in 0..10 {
        let report = restarted.deliver_due_mail(100).await.expect("round");
        if report.sent == 0 && report.retrying == 0 {
            break;
        }
        app.clock.advance(Duration::hours(3));
    }
    let received = store.lock().map(|m| m.clone()).unwrap_or_default();
    let ids: HashSet<String> = received
        .iter()
        .filter_map(|m| m.header("Message-ID"))
        .collect();
    assert_eq!(received.len(), 50, "every message once");
    assert_eq!(ids.len(), 50);
}

#[tokio::test]
async fn two_delivery_workers_on_one_database_send_every_message_once() {
    let (app, sink) = app_with_sink().await;
    let token = app.signed_in("caseworker").await;
    for _ in 0..30 {
        app.create_request(&token, "housing").await;
    }
    let other = app.restarted_services().await;
    for _ in 0..20 {
        let (a, b) = tokio::join!(app.services.deliver_due_mail(7), other.deliver_due_mail(7));
        let (a, b) = (a.expect("a"), b.expect("b"));
        if a.sent + b.sent == 0 {
            break;
        }
    }
    let received = sink.messages();
    let ids: HashSet<String> = received
        .iter()
        .filter_map(|m| m.header("Message-ID"))
        .collect();
    assert_eq!(received.len(), 30);
    assert_eq!(ids.len(), 30);
}

#[tokio::test]
async fn a_message_that_keeps_failing_goes_dead_and_an_admin_can_queue_it_again() {
    let sink = SmtpSink::start().await.expect("sink");
    let url = sink.url();
    sink.stop();
    let app = TestApp::spawn_with_mail(Clock::manual(chrono::Utc::now()), Some(url)).await;
    let token = app.signed_in("caseworker").await;
    app.create_request(&token, "housing").await;
    let mut dead = 0;
    for _ in 0..10 {
        dead += app.services.deliver_due_mail(10).await.expect("round").dead;
        app.clock.advance(Duration::days(2));
    }
    assert_eq!(dead, 1);
    app.browser_as("admin").await;
    let (status, html) = app.page("/admin/outbox?status=dead").await;
    assert_eq!(status, StatusCode::OK);
    let id = html
        .split("/admin/outbox/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("a retry form")
        .to_owned();
    let response = app
        .submit(
            "/admin/outbox?status=dead",
            &format!("/admin/outbox/{id}/retry"),
            &[],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.page("/admin/outbox?status=pending").await;
    assert!(html.contains("/admin/outbox") && html.contains("Waiting"));
}

#[tokio::test]
async fn without_smtp_mail_lands_in_the_dev_mailbox_for_admins_to_read() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    drain(&app).await;
    app.browser_as("admin").await;
    let (status, html) = app.page("/admin/mailbox").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&reference));
    let id = html
        .split("/admin/mailbox/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a message link")
        .to_owned();
    let (status, html) = app.page(&format!("/admin/mailbox/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("sandbox srcdoc="));
    assert!(html.contains("olena@example.org"));
}
