use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields};

fn valid_newcomer() -> Value {
    json!({
        "full_name": "Rahul Mehta",
        "email": "rahul.mehta@example.org",
        "preferred_language": "en",
        "nationality": "Indian",
        "consent": true,
    })
}

async fn rejected_fields(app: &TestApp, token: &str, body: &Value) -> Vec<String> {
    let response = app.post("/api/v1/newcomers", Some(token), body).await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    error_fields(&problem)
}

#[tokio::test]
async fn a_caseworker_records_a_consenting_newcomer() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let response = app
        .post("/api/v1/newcomers", Some(&token), &valid_newcomer())
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.expect("json");
    assert!(body["id"].as_i64().is_some());
    assert_eq!(body["preferred_language"], "en");
    assert!(body["consent_version"].is_string());
    assert_eq!(body["possible_duplicates"], json!([]));
}

#[tokio::test]
async fn a_second_newcomer_with_the_same_e_mail_is_flagged_as_a_possible_duplicate() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let first: Value = app
        .post("/api/v1/newcomers", Some(&token), &valid_newcomer())
        .await
        .json()
        .await
        .expect("json");
    let mut again = valid_newcomer();
    again["email"] = json!("Rahul.Mehta@EXAMPLE.org");
    let second: Value = app
        .post("/api/v1/newcomers", Some(&token), &again)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(second["possible_duplicates"], json!([first["id"]]));
}

#[tokio::test]
async fn missing_consent_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let mut body = valid_newcomer();
    body.as_object_mut().map(|o| o.remove("consent"));
    assert_eq!(rejected_fields(&app, &token, &body).await, ["consent"]);
    body["consent"] = json!(false);
    assert_eq!(rejected_fields(&app, &token, &body).await, ["consent"]);
}

#[tokio::test]
async fn an_unknown_language_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let mut body = valid_newcomer();
    body["preferred_language"] = json!("de");
    assert_eq!(
        rejected_fields(&app, &token, &body).await,
        ["preferred_language"]
    );
}

#[tokio::test]
async fn a_malformed_e_mail_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    for bad in [
        "rahul",
        "rahul@",
        "rahul@localhost",
        "rahul mehta@example.org",
    ] {
        let mut body = valid_newcomer();
        body["email"] = json!(bad);
        assert_eq!(
            rejected_fields(&app, &token, &body).await,
            ["email"],
            "{bad}"
        );
    }
}

#[tokio::test]
async fn over_long_text_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let mut body = valid_newcomer();
    body["full_name"] = json!("R".repeat(201));
    body["nationality"] = json!("N".repeat(101));
    assert_eq!(
        rejected_fields(&app, &token, &body).await,
        ["full_name", "nationality"]
    );
}

#[tokio::test]
async fn a_malformed_arrival_date_or_phone_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let mut body = valid_newcomer();
    body["arrival_date"] = json!("12/03/2026");
    body["phone"] = json!("call me maybe");
    assert_eq!(
        rejected_fields(&app, &token, &body).await,
        ["phone", "arrival_date"]
    );
}

#[tokio::test]
async fn a_partner_user_may_not_record_newcomers() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "charita", &["other"]).await;
    app.create_user("partner", "eva@charita.example.org", Some("charita"))
        .await;
    let partner = app.token_for("eva@charita.example.org").await;
    let response = app
        .post("/api/v1/newcomers", Some(&partner), &valid_newcomer())
        .await;
    assert_problem(response, StatusCode::FORBIDDEN).await;
}
