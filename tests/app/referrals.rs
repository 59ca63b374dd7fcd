//! Referrals to partner organisations: routing, consent, links, history, and two partners
//! who must never see each other's work.

use chrono::Duration;
use expat_desk::clock::Clock;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields};

async fn triaged(app: &TestApp, token: &str, category: &str) -> String {
    let created = app.create_request(token, category).await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    app.transition_ok(
        token,
        &reference,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;
    reference
}

/// The signed link of the referral offered to `partner_email`, from its queued mail.
async fn link_in_mail(app: &TestApp, partner_email: &str) -> String {
    let db = app.db().await;
    let mail = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("referral_offered"))
        .filter(entity::outbox_message::Column::RecipientEmail.eq(partner_email))
        .all(&db)
        .await
        .expect("outbox")
        .pop()
        .expect("a referral mail");
    mail.body_text
        .split("/r/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a link")
        .to_owned()
}

/// The partners the refer form marks as suggested, in order (others follow, unmarked).
async fn suggestions(app: &TestApp, reference: &str) -> Vec<String> {
    let (_, html) = app.page(&format!("/requests/{reference}")).await;
    html.split("name=\"partner\">")
        .nth(1)
        .and_then(|select| select.split("</select>").next())
        .map(|options| {
            options
                .split("value=\"")
                .skip(1)
                .filter(|o| o.contains("suggested"))
                .filter_map(|o| o.split('"').next().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn routing_rules_order_the_suggestions_language_first_and_a_decliner_is_skipped_next_time() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    for slug in ["alpha", "beta", "gamma", "delta"] {
        app.create_partner(&admin, slug, &["housing"]).await;
    }
    app.browser_as("admin").await;
    for (partner, language, position) in
        [("beta", "", "1"), ("gamma", "uk", "1"), ("alpha", "", "2")]
    {
        let response = app
            .submit(
                "/admin/partners",
                "/admin/routing",
                &[
                    ("category", "housing"),
                    ("language", language),
                    ("partner", partner),
                    ("position", position),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let token = app.signed_in("caseworker").await;
    let reference = triaged(&app, &token, "housing").await;
    // The newcomer prefers Ukrainian: gamma's rule comes first, then beta and alpha by
    // position, then delta, which only serves the category.
    assert_eq!(
        suggestions(&app, &reference).await,
        ["gamma", "beta", "alpha", "delta"]
    );

    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "refer", "version": 2, "partner": "gamma"}),
    )
    .await;
    let detail = app
        .transition_ok(
            &token,
            &reference,
            &json!({"transition": "decline", "version": 3, "comment": "No capacity"}),
        )
        .await;
    assert_eq!(detail["state"], "triage");
    assert_eq!(
        suggestions(&app, &reference).await,
        ["beta", "alpha", "delta"]
    );
}

#[tokio::test]
async fn a_referral_without_sharing_consent_needs_a_recorded_reason() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    let token = app.signed_in("caseworker").await;
    let newcomer: Value = app
        .post(
            "/api/v1/newcomers",
            Some(&token),
            &json!({"full_name": "Rahul Mehta", "email": "rahul@example.org", "preferred_language": "en", "consent": true}),
        )
        .await
        .json()
        .await
        .expect("json");
    let created: Value = app
        .post("/api/v1/requests", Some(&token), &json!({"newcomer_id": newcomer["id"], "category": "housing", "title": "Flat", "description": "Two rooms"}))
        .await
        .json()
        .await
        .expect("json");
    let reference = created["reference"].as_str().expect("ref");
    app.transition_ok(
        &token,
        reference,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;
    let refused = app
        .transition(
            &token,
            reference,
            &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
        )
        .await;
    let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["consent_override"]);
    app.transition_ok(
        &token,
        reference,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni", "consent_override": "Urgent: eviction on Friday, consent given by phone"}),
    )
    .await;
    let db = app.db().await;
    let referral = entity::referral::Entity::find()
        .one(&db)
        .await
        .expect("db")
        .expect("a referral");
    assert!(referral.consent_basis.starts_with("override: Urgent"));
}

#[tokio::test]
async fn a_referral_shares_only_the_partners_minimal_data_and_keeps_its_history() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged(&app, &token, "housing").await;
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
            &json!({"transition": "cancel", "version": 3, "comment": "Moved to Brno"}),
        )
        .await;
    assert_eq!(detail["state"], "cancelled");
    let referral_events: Vec<&Value> = detail["events"]
        .as_array()
        .map(|e| e.iter().filter(|e| e["kind"] == "referral").collect())
        .unwrap_or_default();
    assert_eq!(
        referral_events.len(),
        2,
        "offered, then withdrawn: {referral_events:?}"
    );
    let db = app.db().await;
    let referral = entity::referral::Entity::find()
        .one(&db)
        .await
        .expect("db")
        .expect("a referral");
    assert_eq!(referral.status, "withdrawn");
    let shared = referral
        .shared_data
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut keys: Vec<&str> = shared.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["language", "name"], "only the default minimal set");
}

#[tokio::test]
async fn a_partner_answers_from_the_mail_link_once_and_a_tampered_or_expired_link_is_refused() {
    let app = TestApp::spawn_with_clock(Clock::manual(chrono::Utc::now())).await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    app.create_partner(&admin, "charita", &["housing"]).await;
    let token = app.signed_in("caseworker").await;
    let first = triaged(&app, &token, "housing").await;
    app.transition_ok(
        &token,
        &first,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    let link = link_in_mail(&app, "bydleni@partners.example.org").await;

    let (status, html) = app.page(&format!("/r/{link}")).await;
    assert_eq!(status, StatusCode::OK, "a GET only shows the choice");
    assert!(html.contains(&first));
    let detail: Value = app
        .get(&format!("/api/v1/requests/{first}"), Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        detail["state"], "referred",
        "following the link changed nothing"
    );

    let mut tampered = link.clone();
    let last = tampered
        .pop()
        .map(|c| if c == '0' { '1' } else { '0' })
        .unwrap_or('0');
    tampered.push(last);
    assert_eq!(
        app.page(&format!("/r/{tampered}")).await.0,
        StatusCode::NOT_FOUND
    );

    let response = app
        .submit(
            &format!("/r/{link}"),
            &format!("/r/{link}"),
            &[("answer", "accept")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.expect("html").contains("accepted"));
    let detail: Value = app
        .get(&format!("/api/v1/requests/{first}"), Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(detail["state"], "in_progress");

    let reused = app
        .submit(
            "/status",
            &format!("/r/{link}"),
            &[("answer", "decline"), ("reason", "changed my mind")],
        )
        .await;
    assert_eq!(reused.status(), StatusCode::CONFLICT);
    assert!(reused.text().await.expect("html").contains("only once"));

    let second = triaged(&app, &token, "housing").await;
    app.transition_ok(
        &token,
        &second,
        &json!({"transition": "refer", "version": 2, "partner": "charita"}),
    )
    .await;
    let link = link_in_mail(&app, "charita@partners.example.org").await;
    app.clock.advance(Duration::days(15));
    let (status, html) = app.page(&format!("/r/{link}")).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("expired"));
}

#[tokio::test]
async fn declining_from_the_link_needs_a_reason_and_returns_the_request_to_triage() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged(&app, &token, "housing").await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    let link = link_in_mail(&app, "bydleni@partners.example.org").await;
    let empty = app
        .submit(
            &format!("/r/{link}"),
            &format!("/r/{link}"),
            &[("answer", "decline"), ("reason", " ")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .text()
            .await
            .expect("html")
            .contains("id=\"error-reason\"")
    );
    let declined = app
        .submit(
            &format!("/r/{link}"),
            &format!("/r/{link}"),
            &[("answer", "decline"), ("reason", "No flats free")],
        )
        .await;
    assert_eq!(declined.status(), StatusCode::OK);
    let detail: Value = app
        .get(&format!("/api/v1/requests/{reference}"), Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(detail["state"], "triage");
    assert_eq!(detail["partner"], Value::Null);
}

#[tokio::test]
async fn two_partners_never_see_or_touch_each_others_referrals() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    app.create_partner(&admin, "charita", &["housing"]).await;
    app.create_user("partner", "eva@bydleni.example.org", Some("bydleni"))
        .await;
    app.create_user("partner", "ota@charita.example.org", Some("charita"))
        .await;
    let token = app.signed_in("caseworker").await;
    let ours = triaged(&app, &token, "housing").await;
    let theirs = triaged(&app, &token, "housing").await;
    app.transition_ok(
        &token,
        &ours,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    app.transition_ok(
        &token,
        &theirs,
        &json!({"transition": "refer", "version": 2, "partner": "charita"}),
    )
    .await;
    app.browser_as("caseworker").await;
    app.submit(
        &format!("/requests/{ours}"),
        &format!("/requests/{ours}/notes"),
        &[("note", "INTERNAL-ONLY-NOTE"), ("visibility", "internal")],
    )
    .await;
    app.submit("/dashboard", "/sign-out", &[]).await;

    let eva = app.token_for("eva@bydleni.example.org").await;
    // API: list, read, act.
    let list: Value = app
        .get("/api/v1/requests", Some(&eva))
        .await
        .json()
        .await
        .expect("json");
    let listed: Vec<&str> = list["items"]
        .as_array()
        .map(|i| i.iter().filter_map(|i| i["reference"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(listed, [ours.as_str()]);
    assert_problem(
        app.get(&format!("/api/v1/requests/{theirs}"), Some(&eva))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(
        app.transition(
            &eva,
            &theirs,
            &json!({"transition": "accept", "version": 3}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Pages.
    app.sign_in_page("eva@bydleni.example.org").await;
    let (status, html) = app.page(&format!("/requests/{ours}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains("INTERNAL-ONLY-NOTE"),
        "an internal note reached a partner"
    );
    assert!(html.contains("What the centre shared"));
    assert_eq!(
        app.page(&format!("/requests/{theirs}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = app.page("/requests").await;
    assert!(list.contains(&ours) && !list.contains(&theirs));
    let note = app
        .submit(
            &format!("/requests/{ours}"),
            &format!("/requests/{theirs}/notes"),
            &[("note", "x"), ("visibility", "partner")],
        )
        .await;
    assert_eq!(note.status(), StatusCode::NOT_FOUND);
    // Links: bydleni's link cannot be bent onto charita's referral.
    let link = link_in_mail(&app, "bydleni@partners.example.org").await;
    let db = app.db().await;
    let charita_referral = entity::referral::Entity::find()
        .filter(entity::referral::Column::Status.eq("offered"))
        .all(&db)
        .await
        .expect("db")
        .into_iter()
        .map(|r| r.id)
        .max()
        .expect("referrals");
    let rest = link
        .split_once('.')
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    assert_eq!(
        app.page(&format!("/r/{charita_referral}.{rest}")).await.0,
        StatusCode::NOT_FOUND
    );
    // And the referred partner can act: accept and post an update.
    let detail = app
        .transition_ok(&eva, &ours, &json!({"transition": "accept", "version": 3}))
        .await;
    assert_eq!(detail["state"], "in_progress");
}

#[tokio::test]
async fn admins_see_figures_per_partner() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    let token = app.signed_in("caseworker").await;
    let reference = triaged(&app, &token, "housing").await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "decline", "version": 3, "comment": "full"}),
    )
    .await;
    app.browser_as("admin").await;
    let (status, html) = app.page("/admin/partners").await;
    assert_eq!(status, StatusCode::OK);
    let row = html.split("bydleni</span>").nth(1).unwrap_or_default();
    let cells: Vec<&str> = row
        .split("<td>")
        .skip(1)
        .take(3)
        .map(|c| c.split('<').next().unwrap_or_default())
        .collect();
    assert_eq!(cells, ["1", "0", "1"], "offered, accepted, declined");
}

#[tokio::test]
async fn each_partner_gets_the_data_set_chosen_for_it_and_an_unknown_field_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    let bad = app
        .post(
            "/api/v1/partners",
            Some(&admin),
            &json!({"slug": "vzp", "name": "VZP", "email": "vzp@partners.example.org", "categories": ["housing"], "languages": ["cs"], "shared_fields": ["name", "passport"]}),
        )
        .await;
    let problem = assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["shared_fields[1]"]);
    let ok = app
        .post(
            "/api/v1/partners",
            Some(&admin),
            &json!({"slug": "vzp", "name": "VZP", "email": "vzp@partners.example.org", "categories": ["housing"], "languages": ["cs"], "shared_fields": ["name", "email", "phone"]}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
    let token = app.signed_in("caseworker").await;
    let reference = triaged(&app, &token, "housing").await;
    app.transition_ok(
        &token,
        &reference,
        &json!({"transition": "refer", "version": 2, "partner": "vzp"}),
    )
    .await;
    let db = app.db().await;
    let referral = entity::referral::Entity::find()
        .one(&db)
        .await
        .expect("db")
        .expect("a referral");
    let mut keys: Vec<String> = referral
        .shared_data
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    assert_eq!(
        keys,
        ["email", "name"],
        "phone is not known for this newcomer, so not shared"
    );
}

#[tokio::test]
async fn a_deactivated_partner_is_neither_suggested_nor_referred_to() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    app.create_partner(&admin, "charita", &["housing"]).await;
    app.browser_as("admin").await;
    let response = app
        .submit(
            "/admin/partners",
            "/admin/partners/bydleni/active",
            &[("active", "false")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let token = app.signed_in("caseworker").await;
    let reference = triaged(&app, &token, "housing").await;
    assert_eq!(suggestions(&app, &reference).await, ["charita"]);
    let refused = app
        .transition(
            &token,
            &reference,
            &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
        )
        .await;
    let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["partner"]);
}
