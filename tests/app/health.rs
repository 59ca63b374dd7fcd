use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::TestApp;

#[tokio::test]
async fn healthz_reports_the_database_as_ok() {
    let app = TestApp::spawn().await;
    let response = app.get("/healthz", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body, serde_json::json!({"status": "ok", "database": "ok"}));
}

#[tokio::test]
async fn the_home_page_names_the_product_and_links_to_sign_in() {
    let app = TestApp::spawn().await;
    let response = app.get("/", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("text");
    assert!(html.contains("expat-desk"));
    assert!(html.contains("href=\"/sign-in\""));
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_lists_the_contract_endpoints() {
    let app = TestApp::spawn().await;
    let body: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(body["openapi"], "3.1.0");
    for path in [
        "/api/v1/auth/token",
        "/api/v1/partners",
        "/api/v1/newcomers",
        "/api/v1/requests",
        "/api/v1/requests/{reference}",
        "/healthz",
    ] {
        assert!(body["paths"][path].is_object(), "missing {path}");
    }
}

#[tokio::test]
async fn an_unknown_api_path_is_a_problem_document() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/nothing-here", None).await;
    crate::helpers::assert_problem(response, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page() {
    let app = TestApp::spawn().await;
    let response = app.get("/no-such-page", None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(
        response
            .text()
            .await
            .expect("text")
            .contains("Page not found")
    );
}
