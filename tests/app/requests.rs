use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields};

fn is_reference(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && parts[0] == "EXP"
        && parts[1].len() == 4
        && parts[2].len() >= 5
        && parts[1..]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

#[tokio::test]
async fn a_request_gets_a_reference_an_access_code_and_the_initial_state() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("reference");
    assert!(is_reference(reference), "{reference}");
    let code = created["access_code"]
        .as_str()
        .expect("code")
        .replace('-', "");
    assert!(code.len() >= 10);
    assert!(!code.contains(['0', 'O', '1', 'I', 'L']), "{code}");
    assert_eq!(created["state"], "new");
    assert_eq!(created["version"], 1);
    assert_eq!(created["workflow"], "general");
}

#[tokio::test]
async fn references_count_up_and_never_repeat() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let first = app.create_request(&token, "housing").await;
    let second = app.create_request(&token, "job").await;
    let seq = |v: &Value| {
        v["reference"]
            .as_str()
            .and_then(|r| r.rsplit('-').next())
            .and_then(|n| n.parse::<u64>().ok())
    };
    assert_eq!(seq(&first), Some(1));
    assert_eq!(seq(&second), Some(2));
}

#[tokio::test]
async fn permit_categories_use_the_permit_workflow() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "residence_permit").await;
    assert_eq!(created["workflow"], "permit");
}

#[tokio::test]
async fn the_access_code_is_not_stored_in_clear() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let code = created["access_code"]
        .as_str()
        .expect("code")
        .replace('-', "");
    let detail = app
        .get(
            &format!(
                "/api/v1/requests/{}",
                created["reference"].as_str().expect("ref")
            ),
            Some(&token),
        )
        .await
        .text()
        .await
        .expect("text");
    assert!(!detail.contains(&code));
    use sea_orm::EntityTrait;
    let db = sea_orm::Database::connect(app.database.url())
        .await
        .expect("db");
    let rows = entity::request::Entity::find()
        .all(&db)
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].access_code_hash, code);
    assert_eq!(rows[0].access_code_hash.len(), 64);
}

#[tokio::test]
async fn a_request_reads_back_with_its_timeline_and_allowed_transitions() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref");
    let response = app
        .get(&format!("/api/v1/requests/{reference}"), Some(&token))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let detail: Value = response.json().await.expect("json");
    assert_eq!(detail["reference"], reference);
    assert_eq!(detail["state"], "new");
    assert_eq!(detail["version"], 1);
    assert_eq!(detail["events"][0]["kind"], "created");
    let allowed: Vec<&str> = detail["allowed_transitions"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(
        allowed.contains(&"triage") && allowed.contains(&"cancel"),
        "{allowed:?}"
    );
}

#[tokio::test]
async fn a_lowercase_reference_finds_the_request() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let lower = created["reference"].as_str().expect("ref").to_lowercase();
    assert_eq!(
        app.get(&format!("/api/v1/requests/{lower}"), Some(&token))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_unknown_or_malformed_reference_is_404() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    for reference in [
        "EXP-2026-99999",
        "not-a-reference",
        "EXP-2026-1%27%20OR%201=1",
    ] {
        let response = app
            .get(&format!("/api/v1/requests/{reference}"), Some(&token))
            .await;
        assert_problem(response, StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn a_partner_user_cannot_see_a_request_not_referred_to_them() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "charita", &["other"]).await;
    app.create_user("partner", "eva@charita.example.org", Some("charita"))
        .await;
    let partner = app.token_for("eva@charita.example.org").await;
    let caseworker = app.signed_in("caseworker").await;
    let created = app.create_request(&caseworker, "other").await;
    let response = app
        .get(
            &format!(
                "/api/v1/requests/{}",
                created["reference"].as_str().expect("ref")
            ),
            Some(&partner),
        )
        .await;
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn an_unknown_category_and_an_unknown_newcomer_are_field_errors() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let response = app
        .post(
            "/api/v1/requests",
            Some(&token),
            &json!({"newcomer_id": 424242, "category": "visa", "title": "x", "description": "y"}),
        )
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["category"]);

    let response = app
        .post(
            "/api/v1/requests",
            Some(&token),
            &json!({"newcomer_id": 424242, "category": "housing", "title": "x", "description": "y"}),
        )
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["newcomer_id"]);
}

#[tokio::test]
async fn an_over_long_title_and_a_missing_description_are_field_errors() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let newcomer_id = app.create_newcomer(&token).await;
    let response = app
        .post(
            "/api/v1/requests",
            Some(&token),
            &json!({"newcomer_id": newcomer_id, "category": "housing", "title": "T".repeat(201)}),
        )
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["title", "description"]);
}

#[tokio::test]
async fn a_partner_user_may_not_take_in_requests() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "charita", &["other"]).await;
    app.create_user("partner", "eva@charita.example.org", Some("charita"))
        .await;
    let partner = app.token_for("eva@charita.example.org").await;
    let response = app
        .post(
            "/api/v1/requests",
            Some(&partner),
            &json!({"newcomer_id": 1, "category": "housing", "title": "x", "description": "y"}),
        )
        .await;
    assert_problem(response, StatusCode::FORBIDDEN).await;
}
