//! A newcomer without an account: the link from the intake mail, their languages, a message.

use expat_desk::clock::Clock;
use expat_desk::mail::sink::SmtpSink;

use crate::accessibility::assert_accessible;
use crate::driver::Browser;
use crate::helpers::{PASSWORD, TestApp};

#[tokio::test]
async fn a_newcomer_opens_the_link_from_the_intake_mail_switches_language_and_writes_to_the_centre()
{
    let sink = SmtpSink::start().await.expect("sink");
    let app = TestApp::spawn_with_mail(Clock::System, Some(sink.url())).await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let token = app.token_for("jana@centre.example.org").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    app.services.deliver_due_mail(10).await.expect("delivered");
    let mail = sink
        .messages()
        .into_iter()
        .next()
        .expect("the intake mail arrived");
    let text = mail.decoded_parts().join("\n");
    let link = text
        .split_whitespace()
        .find(|word| word.contains("/s/"))
        .map(|word| {
            word.trim_matches(|c: char| {
                !c.is_ascii_alphanumeric() && c != '/' && c != ':' && c != '.' && c != '-'
            })
        })
        .expect("a magic link in the mail")
        .to_owned();

    let browser = Browser::start().await;
    browser.goto(&link).await;
    browser.wait_for_text(&reference).await;
    let ukrainian = browser.page_text().await;
    assert!(
        ukrainian.contains("Що вже відбулося"),
        "the page opens in the newcomer's language"
    );
    assert_accessible(&browser, "status (uk)").await;
    browser.screenshot("status-uk").await;

    browser.click_link("Čeština").await;
    browser.wait_for_text("Co se zatím stalo").await;
    assert_accessible(&browser, "status (cs)").await;
    browser.click_link("Українська").await;
    browser.wait_for_text("Що вже відбулося").await;
    browser.click_link("English").await;
    browser.wait_for_text("What has happened so far").await;

    browser
        .fill_labelled("Your message", "I can bring my passport on Monday.")
        .await;
    browser.click_button("Send message").await;
    browser.wait_for_text("your message was sent").await;
    browser.screenshot("status-message-sent").await;

    browser.goto(&app.url("/status")).await;
    assert_accessible(&browser, "status form").await;
    browser.close().await;

    let staff = Browser::start().await;
    staff.goto(&app.url("/sign-in")).await;
    staff
        .fill_labelled("E-mail address", "jana@centre.example.org")
        .await;
    staff.fill_labelled("Password", PASSWORD).await;
    staff.click_button("Sign in").await;
    staff.wait_for_text("My open requests").await;
    staff
        .goto(&app.url(&format!("/requests/{reference}")))
        .await;
    staff
        .wait_for_text("I can bring my passport on Monday.")
        .await;
    staff.close().await;
}
