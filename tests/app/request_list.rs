use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields};

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app
        .get(&format!("/api/v1/requests{query}"), Some(token))
        .await;
    let status = response.status();
    let text = response.text().await.expect("text");
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).expect("json")
}

fn references(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["reference"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn pages_follow_each_other_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let mut created = Vec::new();
    for _ in 0..5 {
        created.push(
            app.create_request(&token, "housing").await["reference"]
                .as_str()
                .expect("ref")
                .to_owned(),
        );
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..5 {
        let query = match &cursor {
            Some(c) => format!("?sort=newest&limit=2&cursor={c}"),
            None => "?sort=newest&limit=2".to_owned(),
        };
        let page = list(&app, &token, &query).await;
        seen.extend(references(&page));
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    created.reverse();
    assert_eq!(seen, created);
}

#[tokio::test]
async fn filters_narrow_the_list_and_search_finds_the_newcomer_by_name() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let housing = app.create_request(&token, "housing").await;
    let job = app.create_request(&token, "job").await;
    let reference = job["reference"].as_str().expect("ref");
    app.transition_ok(
        &token,
        reference,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;

    assert_eq!(
        references(&list(&app, &token, "?category=housing").await),
        [housing["reference"].as_str().expect("ref")]
    );
    assert_eq!(
        references(&list(&app, &token, "?state=triage").await),
        [reference]
    );
    assert_eq!(
        references(&list(&app, &token, "?q=KOVALENKO").await).len(),
        2
    );
    assert_eq!(
        references(&list(&app, &token, "?q=nobody-has-this-name").await).len(),
        0
    );
    assert_eq!(
        references(&list(&app, &token, &format!("?q={}", reference.to_lowercase())).await),
        [reference]
    );
    assert_eq!(
        references(&list(&app, &token, "?assignee=me").await).len(),
        2
    );
    assert_eq!(
        references(&list(&app, &token, "?assignee=none").await).len(),
        0
    );
}

#[tokio::test]
async fn search_wildcards_are_taken_literally() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    app.create_request(&token, "housing").await;
    assert_eq!(references(&list(&app, &token, "?q=%25").await).len(), 0);
    assert_eq!(references(&list(&app, &token, "?q=_").await).len(), 0);
}

#[tokio::test]
async fn a_partner_user_lists_only_requests_referred_to_them() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    app.create_user("partner", "eva@bydleni.example.org", Some("bydleni"))
        .await;
    let partner = app.token_for("eva@bydleni.example.org").await;
    let token = app.signed_in("caseworker").await;
    let referred = app.create_request(&token, "housing").await;
    app.create_request(&token, "housing").await;
    let reference = referred["reference"].as_str().expect("ref");
    app.transition_ok(
        &token,
        reference,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;
    app.transition_ok(
        &token,
        reference,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    let page = list(&app, &partner, "").await;
    assert_eq!(references(&page), [reference]);
    assert_eq!(page["items"][0]["newcomer_name"], Value::Null);
}

#[tokio::test]
async fn unknown_filter_values_are_field_errors() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let response = app
        .get(
            "/api/v1/requests?category=visa&sort=sideways&limit=0&cursor=garbage&assignee=someone",
            Some(&token),
        )
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        error_fields(&problem),
        ["category", "assignee", "sort", "cursor", "limit"]
    );
}

#[tokio::test]
async fn a_forged_cursor_is_a_field_error() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let response = app
        .get("/api/v1/requests?cursor=newest.x.y", Some(&token))
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["cursor"]);
}

#[tokio::test]
async fn a_wrongly_typed_query_parameter_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let response = app.get("/api/v1/requests?limit=lots", Some(&token)).await;
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}
