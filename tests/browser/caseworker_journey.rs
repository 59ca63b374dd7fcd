//! A caseworker's day: sign in, take in a newcomer, triage, note, find, sign out.

use crate::driver::Browser;
use crate::helpers::{PASSWORD, TestApp};

#[tokio::test]
async fn a_caseworker_takes_in_a_newcomer_triages_notes_finds_the_request_and_signs_out() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let browser = Browser::start().await;

    browser.goto(&app.url("/sign-in")).await;
    browser
        .fill_labelled("E-mail address", "jana@centre.example.org")
        .await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_button("Sign in").await;
    browser.wait_for_text("My open requests").await;
    assert_eq!(browser.current_path().await, "/dashboard");

    browser.click_link("New intake").await;
    browser.wait_for_text("The newcomer").await;
    browser.fill_labelled("Full name", "Olena Kovalenko").await;
    browser
        .fill_labelled("E-mail address", "olena.kovalenko@example.org")
        .await;
    browser.select("#field-preferred_language", "uk").await;
    browser.click("#field-consent").await;
    browser.select("#field-category", "housing").await;
    browser
        .fill_labelled("Short title", "Flat for a family of three")
        .await;
    browser
        .fill_labelled(
            "What they need",
            "Two rooms near Poruba from January; budget 18,000 CZK.",
        )
        .await;
    browser.screenshot("intake-form").await;
    browser.click_button("Record and create the request").await;
    browser.wait_for_text("Request recorded").await;
    let reference = browser.text_of("#reference").await;
    assert!(reference.starts_with("EXP-"), "{reference}");
    assert!(!browser.text_of("#access-code").await.is_empty());

    browser.click_link("Open the request").await;
    browser.wait_for_text("What can happen next").await;
    browser.click_button("Start review").await;
    browser.wait_for_text("Moved to").await;
    browser
        .fill_labelled("Note", "Called the landlord; viewing on Friday.")
        .await;
    browser.click_button("Add note").await;
    browser
        .wait_for_text("Called the landlord; viewing on Friday.")
        .await;
    browser.screenshot("request-page").await;

    browser.click_link("Requests").await;
    browser
        .fill_labelled("Search (reference, name, e-mail, text)", "kovalenko")
        .await;
    browser.click_button("Show").await;
    browser.wait_for_text(&reference).await;

    browser.click_link("Dashboard").await;
    browser.wait_for_text("Requests by state").await;
    browser.screenshot("dashboard").await;

    browser.click_button("Sign out").await;
    browser.wait_for_text("Welcome to the Expat Centre").await;
    browser.goto(&app.url("/dashboard")).await;
    browser.wait_for_text("Sign in").await;
    assert_eq!(browser.current_path().await, "/sign-in");
    browser.close().await;
}

#[tokio::test]
async fn the_dashboard_works_on_a_phone() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let browser = Browser::start_phone().await;
    browser.goto(&app.url("/sign-in")).await;
    browser
        .fill_labelled("E-mail address", "jana@centre.example.org")
        .await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_button("Sign in").await;
    browser.wait_for_text("My open requests").await;
    let overflow = browser
        .run_script("return document.documentElement.scrollWidth > window.innerWidth + 1;")
        .await;
    assert_eq!(
        overflow,
        serde_json::Value::Bool(false),
        "the page scrolls sideways on a phone"
    );
    browser.screenshot("dashboard-phone").await;
    browser.close().await;
}
