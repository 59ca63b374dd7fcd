use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields};

fn valid_partner() -> Value {
    json!({
        "slug": "bydleni-ostrava",
        "name": "Bydlení Ostrava",
        "email": "intake@bydleni-ostrava.example.org",
        "categories": ["housing"],
        "languages": ["cs", "en"],
    })
}

#[tokio::test]
async fn an_admin_adds_a_partner_and_staff_see_it_listed() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    let response = app
        .post("/api/v1/partners", Some(&admin), &valid_partner())
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.expect("json");
    assert_eq!(created["slug"], "bydleni-ostrava");
    assert_eq!(created["categories"], json!(["housing"]));
    assert_eq!(created["active"], true);

    let caseworker = app.signed_in("caseworker").await;
    let list: Value = app
        .get("/api/v1/partners", Some(&caseworker))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["name"], "Bydlení Ostrava");
}

#[tokio::test]
async fn a_caseworker_may_not_add_a_partner() {
    let app = TestApp::spawn().await;
    let caseworker = app.signed_in("caseworker").await;
    let response = app
        .post("/api/v1/partners", Some(&caseworker), &valid_partner())
        .await;
    assert_problem(response, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn a_partner_user_may_not_list_the_directory() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "charita", &["other"]).await;
    app.create_user("partner", "eva@charita.example.org", Some("charita"))
        .await;
    let partner = app.token_for("eva@charita.example.org").await;
    assert_problem(
        app.get("/api/v1/partners", Some(&partner)).await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

#[tokio::test]
async fn a_taken_slug_is_a_field_error() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.post("/api/v1/partners", Some(&admin), &valid_partner())
        .await;
    let again = app
        .post("/api/v1/partners", Some(&admin), &valid_partner())
        .await;
    let problem = assert_problem(again, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["slug"]);
}

#[tokio::test]
async fn unknown_categories_and_languages_are_named_by_position() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    let mut body = valid_partner();
    body["categories"] = json!(["housing", "visa"]);
    body["languages"] = json!(["de"]);
    let response = app.post("/api/v1/partners", Some(&admin), &body).await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["categories[1]", "languages[0]"]);
}

#[tokio::test]
async fn a_partner_without_fields_lists_every_missing_one() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    let response = app.post("/api/v1/partners", Some(&admin), &json!({})).await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        error_fields(&problem),
        ["slug", "name", "email", "categories", "languages"]
    );
}

#[tokio::test]
async fn a_wrongly_typed_field_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    let mut body = valid_partner();
    body["categories"] = json!("housing");
    let response = app.post("/api/v1/partners", Some(&admin), &body).await;
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}
