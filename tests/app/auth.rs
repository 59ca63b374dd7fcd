use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, assert_problem, error_fields};

#[tokio::test]
async fn a_correct_password_gets_a_token_that_works() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    assert!(token.starts_with("edk_"));
    let response = app.get("/api/v1/partners", Some(&token)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_401() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let wrong = app
        .post(
            "/api/v1/auth/token",
            None,
            &json!({"email": "jana@centre.example.org", "password": "not-the-password"}),
        )
        .await;
    let wrong = assert_problem(wrong, StatusCode::UNAUTHORIZED).await;
    let unknown = app
        .post(
            "/api/v1/auth/token",
            None,
            &json!({"email": "nobody@centre.example.org", "password": PASSWORD}),
        )
        .await;
    let unknown = assert_problem(unknown, StatusCode::UNAUTHORIZED).await;
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn e_mail_case_does_not_matter_when_signing_in() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "Jana@Centre.example.org", None)
        .await;
    app.token_for("JANA@centre.EXAMPLE.org").await;
}

#[tokio::test]
async fn a_token_request_without_a_password_is_a_validation_error() {
    let app = TestApp::spawn().await;
    let response = app
        .post("/api/v1/auth/token", None, &json!({"email": "a@b.org"}))
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["password"]);
}

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .expect("sent");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .body("email=a@b.org")
        .send()
        .await
        .expect("sent");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn requests_without_a_token_or_with_a_bad_one_are_401() {
    let app = TestApp::spawn().await;
    assert_problem(
        app.get("/api/v1/partners", None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let forged = app.get("/api/v1/partners", Some("edk_forged")).await;
    assert_problem(forged, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn a_revoked_token_stops_working() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let response = app
        .client
        .delete(app.url("/api/v1/auth/token"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let after = app.get("/api/v1/partners", Some(&token)).await;
    assert_problem(after, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn an_expired_token_stops_working() {
    let app = TestApp::spawn_with_clock(expat_desk::clock::Clock::manual(chrono::Utc::now())).await;
    let token = app.signed_in("caseworker").await;
    app.clock.advance(chrono::Duration::days(31));
    let after = app.get("/api/v1/partners", Some(&token)).await;
    assert_problem(after, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn repeated_wrong_passwords_are_throttled_with_retry_after() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let wrong = json!({"email": "jana@centre.example.org", "password": "not-the-password"});
    for _ in 0..5 {
        let response = app.post("/api/v1/auth/token", None, &wrong).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = app.post("/api/v1/auth/token", None, &wrong).await;
    let retry_after = response.headers().get("retry-after").cloned();
    assert_problem(response, StatusCode::TOO_MANY_REQUESTS).await;
    assert!(retry_after.is_some());
}
