use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem};

#[tokio::test]
async fn the_workflow_list_has_the_general_and_permit_workflows_with_contract_transitions() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let response = app.get("/api/v1/workflows", Some(&token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let list: Value = response.json().await.expect("json");
    let general = list
        .as_array()
        .and_then(|l| l.iter().find(|w| w["key"] == "general"))
        .cloned()
        .expect("general workflow");
    let names: Vec<&str> = general["transitions"]
        .as_array()
        .expect("transitions")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    for name in [
        "triage",
        "refer",
        "accept",
        "decline",
        "request_info",
        "info_received",
        "resolve",
        "reopen",
        "close",
        "cancel",
    ] {
        assert!(names.contains(&name), "missing {name}");
    }
    assert!(
        list.as_array()
            .is_some_and(|l| l.iter().any(|w| w["key"] == "permit"))
    );
}

#[tokio::test]
async fn the_workflow_picture_is_svg_with_the_current_state_highlighted() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let response = app
        .get(
            "/api/v1/workflows/general/1/diagram.svg?lang=cs&highlight=triage",
            Some(&token),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("image/svg+xml"))
    );
    let svg = response.text().await.expect("text");
    assert!(svg.starts_with("<svg") && svg.contains("role=\"img\""));
}

#[tokio::test]
async fn an_unknown_workflow_picture_is_404() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let response = app
        .get("/api/v1/workflows/general/99/diagram.svg", Some(&token))
        .await;
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn workflows_are_not_shown_to_anonymous_callers() {
    let app = TestApp::spawn().await;
    assert_problem(
        app.get("/api/v1/workflows", None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}
