//! Workflow timers with a controllable clock.

use chrono::{DateTime, Duration, TimeZone, Utc};
use expat_desk::clock::Clock;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Thursday 2 April 2026, 10:00 in Prague: Good Friday and Easter Monday follow.
fn before_easter() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 2, 8, 0, 0)
        .single()
        .expect("valid instant")
}

async fn reminders(app: &TestApp) -> usize {
    let db = app.db().await;
    entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("partner_reminder"))
        .all(&db)
        .await
        .expect("outbox")
        .len()
}

async fn referred_request(app: &TestApp) -> String {
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
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    reference
}

#[tokio::test]
async fn a_partner_is_reminded_after_three_working_days_across_easter_exactly_once_even_after_a_restart()
 {
    let app = TestApp::spawn_with_clock(Clock::manual(before_easter())).await;
    referred_request(&app).await;

    // Fri 3 (Good Friday), Sat, Sun, Mon 6 (Easter Monday) do not count: due Thu 9 April.
    app.clock.advance(Duration::days(6)); // Wed 8 April
    assert_eq!(app.services.fire_due_timers(100).await.expect("tick"), 0);
    assert_eq!(reminders(&app).await, 0);

    app.clock.advance(Duration::days(1) + Duration::minutes(1)); // Thu 9 April, 10:01
    assert_eq!(app.services.fire_due_timers(100).await.expect("tick"), 1);
    assert_eq!(reminders(&app).await, 1);

    let restarted = app.restarted_services().await;
    assert_eq!(restarted.fire_due_timers(100).await.expect("tick"), 0);
    assert_eq!(app.services.fire_due_timers(100).await.expect("tick"), 0);
    assert_eq!(reminders(&app).await, 1);
}

#[tokio::test]
async fn reminders_stop_and_the_assignee_is_alerted_when_the_partner_never_answers() {
    let app = TestApp::spawn_with_clock(Clock::manual(before_easter())).await;
    referred_request(&app).await;
    for _ in 0..4 {
        app.clock.advance(Duration::days(7));
        app.services.fire_due_timers(100).await.expect("tick");
    }
    assert_eq!(reminders(&app).await, 2);
    let db = app.db().await;
    let escalations = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("escalation"))
        .all(&db)
        .await
        .expect("outbox");
    assert_eq!(escalations.len(), 1);
}

#[tokio::test]
async fn an_accepted_referral_cancels_the_reminder() {
    let app = TestApp::spawn_with_clock(Clock::manual(before_easter())).await;
    let reference = referred_request(&app).await;
    let caseworker = app.signed_in("caseworker").await;
    app.transition_ok(
        &caseworker,
        &reference,
        &json!({"transition": "accept", "version": 3}),
    )
    .await;
    app.clock.advance(Duration::days(30));
    app.services.fire_due_timers(100).await.expect("tick");
    assert_eq!(reminders(&app).await, 0);
}

#[tokio::test]
async fn a_resolved_request_closes_itself_after_fourteen_days() {
    let app = TestApp::spawn_with_clock(Clock::manual(before_easter())).await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref");
    app.transition_ok(
        &token,
        reference,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;
    app.transition_ok(
        &token,
        reference,
        &json!({"transition": "resolve", "version": 2, "comment": "Flat found"}),
    )
    .await;
    app.clock.advance(Duration::days(13));
    app.services.fire_due_timers(100).await.expect("tick");
    let detail: Value = app
        .get(&format!("/api/v1/requests/{reference}"), Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(detail["state"], "resolved");
    app.clock.advance(Duration::days(1) + Duration::minutes(1));
    assert_eq!(app.services.fire_due_timers(100).await.expect("tick"), 1);
    let detail: Value = app
        .get(&format!("/api/v1/requests/{reference}"), Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(detail["state"], "closed");
    let last = detail["events"]
        .as_array()
        .and_then(|e| e.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["actor"], "System");
}
