//! A referral across organisations: the caseworker refers, the partner accepts and reports
//! back, the caseworker reads it.

use crate::driver::Browser;
use crate::helpers::{PASSWORD, TestApp};

async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    browser.goto(&app.url("/sign-in")).await;
    browser.fill_labelled("E-mail address", email).await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_button("Sign in").await;
}

#[tokio::test]
async fn a_caseworker_refers_the_partner_accepts_and_reports_and_the_caseworker_sees_it() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    app.create_user("partner", "eva@bydleni.example.org", Some("bydleni"))
        .await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let token = app.token_for("jana@centre.example.org").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();

    let caseworker = Browser::start().await;
    sign_in(&caseworker, &app, "jana@centre.example.org").await;
    caseworker.wait_for_text("My open requests").await;
    caseworker
        .goto(&app.url(&format!("/requests/{reference}")))
        .await;
    caseworker.click_button("Start review").await;
    caseworker.wait_for_text("Refer to a partner").await;
    caseworker.select("#partner-refer", "bydleni").await;
    caseworker.click_button("Refer to a partner").await;
    caseworker.wait_for_text("offered").await;
    caseworker.screenshot("request-referred").await;

    let partner = Browser::start().await;
    sign_in(&partner, &app, "eva@bydleni.example.org").await;
    partner.wait_for_text(&reference).await;
    partner.click_link(&reference).await;
    partner.wait_for_text("What the centre shared").await;
    partner.click_button("Accept referral").await;
    partner.wait_for_text("accepted").await;
    partner
        .fill_labelled("Note", "Viewing arranged for Friday 10:00, Poruba.")
        .await;
    partner.click_button("Add note").await;
    partner
        .wait_for_text("Viewing arranged for Friday 10:00, Poruba.")
        .await;
    partner.screenshot("partner-request").await;
    partner.close().await;

    caseworker
        .goto(&app.url(&format!("/requests/{reference}")))
        .await;
    caseworker
        .wait_for_text("Viewing arranged for Friday 10:00, Poruba.")
        .await;
    caseworker.close().await;
}
