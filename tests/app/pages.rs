//! The staff pages over HTTP: forms, errors beside fields, CSRF, sessions.

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, TestApp};

/// The CSRF token of the first form on a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    html.split_once(marker)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(token, _)| token.to_owned())
        .unwrap_or_default()
}

impl TestApp {
    /// GETs a page and returns status and HTML.
    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let response = self.client.get(self.url(path)).send().await.expect("sent");
        let status = response.status();
        (status, response.text().await.expect("html"))
    }

    /// POSTs a form with the CSRF token of `form_page`; returns the response.
    pub async fn submit(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let (_, html) = self.page(form_page).await;
        let token = csrf_of(&html);
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("csrf_token", &token));
        self.client
            .post(self.url(action))
            .form(&body)
            .send()
            .await
            .expect("sent")
    }

    /// Signs in through the sign-in form (the client keeps the session cookie).
    pub async fn sign_in_page(&self, email: &str) {
        let response = self
            .submit(
                "/sign-in",
                "/sign-in",
                &[("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "sign-in of {email}"
        );
    }

    /// A new account of `role`, signed in through the form.
    pub async fn browser_as(&self, role: &str) -> String {
        let email = format!("{role}-{}@centre.example.org", rand::random::<u32>());
        self.create_user(role, &email, None).await;
        self.sign_in_page(&email).await;
        email
    }
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn signing_in_leads_to_the_dashboard_and_signing_out_ends_the_session() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let response = app
        .submit(
            "/sign-in",
            "/sign-in",
            &[
                ("email", "jana@centre.example.org"),
                ("password", PASSWORD),
                ("next", "/dashboard"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/dashboard");
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let (status, html) = app.page("/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("My open requests"));

    let response = app.submit("/dashboard", "/sign-out", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = app
        .client
        .get(app.url("/dashboard"))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/sign-in"));
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_with_the_e_mail_kept() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let response = app
        .submit(
            "/sign-in",
            "/sign-in",
            &[
                ("email", "jana@centre.example.org"),
                ("password", "wrong-password-1"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let html = response.text().await.expect("html");
    assert!(html.contains("is not right"));
    assert!(html.contains("value=\"jana@centre.example.org\""));
}

#[tokio::test]
async fn empty_sign_in_fields_are_named_beside_the_fields() {
    let app = TestApp::spawn().await;
    let response = app
        .submit("/sign-in", "/sign-in", &[("email", ""), ("password", "")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("id=\"error-email\"") && html.contains("id=\"error-password\""));
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_throttled_with_a_clear_message() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    for _ in 0..5 {
        app.submit(
            "/sign-in",
            "/sign-in",
            &[
                ("email", "jana@centre.example.org"),
                ("password", "wrong-password-1"),
            ],
        )
        .await;
    }
    let response = app
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", "jana@centre.example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().get("retry-after").is_some());
    assert!(
        response
            .text()
            .await
            .expect("html")
            .contains("Too many attempts")
    );
}

#[tokio::test]
async fn a_form_without_the_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    app.browser_as("caseworker").await;
    let response = app
        .client
        .post(app.url("/intake"))
        .form(&[("full_name", "Olena"), ("email", "olena@example.org")])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.expect("html").contains("expired"));
}

#[tokio::test]
async fn a_form_with_another_sessions_token_is_refused() {
    let app = TestApp::spawn().await;
    app.browser_as("caseworker").await;
    let response = app
        .client
        .post(app.url("/intake"))
        .form(&[
            ("full_name", "Olena"),
            ("csrf_token", "forged-token-forged-token-forged-00"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_in_without_the_csrf_cookie_token_is_refused() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let fresh = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = fresh
        .post(app.url("/sign-in"))
        .form(&[
            ("email", "jana@centre.example.org"),
            ("password", PASSWORD),
            ("csrf_token", "guess"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_in_never_redirects_to_another_site() {
    let app = TestApp::spawn().await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let response = app
        .submit(
            "/sign-in",
            "/sign-in",
            &[
                ("email", "jana@centre.example.org"),
                ("password", PASSWORD),
                ("next", "//evil.example.org/"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/dashboard");
}

#[tokio::test]
async fn intake_with_errors_keeps_everything_typed_and_marks_each_field() {
    let app = TestApp::spawn().await;
    app.browser_as("caseworker").await;
    let response = app
        .submit(
            "/intake",
            "/intake",
            &[
                ("full_name", "Olena Kovalenko"),
                ("email", "not-an-address"),
                ("preferred_language", "uk"),
                ("title", "Flat"),
                ("description", "Two rooms <b>soon</b>"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    for id in ["error-email", "error-consent", "error-category"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "missing {id}");
    }
    assert!(html.contains("value=\"Olena Kovalenko\""));
    assert!(
        html.contains("Two rooms &#60;b&#62;soon&#60;/b&#62;")
            || html.contains("Two rooms &lt;b&gt;soon&lt;/b&gt;")
    );
    assert!(!html.contains("<b>soon</b>"));
}

#[tokio::test]
async fn intake_shows_the_reference_and_access_code_once() {
    let app = TestApp::spawn().await;
    app.browser_as("caseworker").await;
    let response = app
        .submit(
            "/intake",
            "/intake",
            &[
                ("full_name", "Olena Kovalenko"),
                ("email", "olena@example.org"),
                ("preferred_language", "uk"),
                ("consent", "yes"),
                ("category", "housing"),
                ("title", "Flat near Poruba"),
                ("description", "Two rooms from January."),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("html");
    assert!(html.contains("id=\"reference\">EXP-"), "{html}");
    assert!(html.contains("id=\"access-code\">"));
}

#[tokio::test]
async fn intake_of_a_known_e_mail_warns_before_creating_a_duplicate() {
    let app = TestApp::spawn().await;
    app.browser_as("caseworker").await;
    let fields = [
        ("full_name", "Olena Kovalenko"),
        ("email", "olena@example.org"),
        ("preferred_language", "uk"),
        ("consent", "yes"),
        ("category", "housing"),
        ("title", "Flat"),
        ("description", "Two rooms."),
    ];
    assert_eq!(
        app.submit("/intake", "/intake", &fields).await.status(),
        StatusCode::OK
    );
    let response = app.submit("/intake", "/intake", &fields).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let html = response.text().await.expect("html");
    assert!(html.contains("already known"));
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirm_duplicate", "yes"));
    assert_eq!(
        app.submit("/intake", "/intake", &confirmed).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_request_page_offers_the_allowed_transitions_and_applies_them() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    app.browser_as("caseworker").await;
    let (status, html) = app.page(&format!("/requests/{reference}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("name=\"transition\" value=\"triage\""));
    assert!(html.contains("<svg"));
    let response = app
        .submit(
            &format!("/requests/{reference}"),
            &format!("/requests/{reference}/transitions"),
            &[("transition", "triage"), ("version", "1")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.page(&format!("/requests/{reference}")).await;
    assert!(html.contains("name=\"version\" value=\"2\""));
}

#[tokio::test]
async fn a_transition_missing_its_comment_comes_back_with_the_error_beside_it() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    app.browser_as("caseworker").await;
    let response = app
        .submit(
            &format!("/requests/{reference}"),
            &format!("/requests/{reference}/transitions"),
            &[("transition", "cancel"), ("version", "1"), ("comment", "")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .expect("html")
            .contains("class=\"field-error\"")
    );
}

#[tokio::test]
async fn a_stale_form_is_a_conflict_page_not_an_overwrite() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    app.transition_ok(
        &token,
        &reference,
        &serde_json::json!({"transition": "triage", "version": 1}),
    )
    .await;
    app.browser_as("caseworker").await;
    let response = app
        .submit(
            &format!("/requests/{reference}"),
            &format!("/requests/{reference}/transitions"),
            &[
                ("transition", "cancel"),
                ("version", "1"),
                ("comment", "dup"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn notes_are_added_and_an_empty_note_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    app.browser_as("caseworker").await;
    let page = format!("/requests/{reference}");
    let action = format!("/requests/{reference}/notes");
    let response = app
        .submit(
            &page,
            &action,
            &[("note", "Called the landlord"), ("visibility", "internal")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(app.page(&page).await.1.contains("Called the landlord"));
    let response = app
        .submit(
            &page,
            &action,
            &[("note", "   "), ("visibility", "internal")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .expect("html")
            .contains("id=\"error-note\"")
    );
}

#[tokio::test]
async fn the_request_list_filters_and_searches() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let created = app.create_request(&token, "housing").await;
    let reference = created["reference"].as_str().expect("ref").to_owned();
    app.browser_as("caseworker").await;
    let (status, html) = app.page("/requests?q=kovalenko").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&reference));
    let (_, html) = app.page("/requests?category=job").await;
    assert!(!html.contains(&reference));
    let (status, html) = app.page("/requests?category=visa").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("is not a category"));
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_matching_new_ones() {
    let app = TestApp::spawn().await;
    app.browser_as("caseworker").await;
    let response = app
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", "wrong"),
                ("new_password", "short"),
                ("confirm_password", "other"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    for id in [
        "error-current_password",
        "error-new_password",
        "error-confirm_password",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "missing {id}");
    }
    let response = app
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
                ("confirm_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.expect("html").contains("was changed"));
}

#[tokio::test]
async fn the_staff_interface_speaks_czech_when_chosen() {
    let app = TestApp::spawn().await;
    app.browser_as("caseworker").await;
    let response = app
        .submit("/account", "/account/language", &[("language", "cs")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.page("/dashboard").await;
    assert!(html.contains("lang=\"cs\""));
    assert!(html.contains("Moje otevřené požadavky"));
}

#[tokio::test]
async fn an_admin_invites_deactivates_and_resets_accounts() {
    let app = TestApp::spawn().await;
    app.browser_as("admin").await;
    let response = app
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("name", "Petr Dvořák"),
                ("email", "petr@centre.example.org"),
                ("role", "caseworker"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("html");
    assert!(html.contains("id=\"temporary-password\""));
    let response = app
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("name", "Petr"),
                ("email", "petr@centre.example.org"),
                ("role", "caseworker"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .expect("html")
            .contains("already exists")
    );
}

#[tokio::test]
async fn views_of_personal_data_appear_in_the_audit_log() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let newcomer = app.create_newcomer(&token).await;
    app.browser_as("caseworker").await;
    assert_eq!(
        app.page(&format!("/newcomers/{newcomer}")).await.0,
        StatusCode::OK
    );
    app.submit("/dashboard", "/sign-out", &[]).await;
    app.browser_as("admin").await;
    let (status, html) = app
        .page(&format!(
            "/admin/audit?subject_type=newcomer&subject_id={newcomer}"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<td>view</td>"), "{html}");
    assert!(html.contains("<td>create</td>"));
    assert!(html.contains("127.0.0.1"));
}

#[tokio::test]
async fn another_request_is_added_on_the_newcomers_page_and_its_code_shown_once() {
    let app = TestApp::spawn().await;
    let token = app.signed_in("caseworker").await;
    let newcomer = app.create_newcomer(&token).await;
    app.browser_as("caseworker").await;
    let page = format!("/newcomers/{newcomer}");
    let bad = app
        .submit(
            &page,
            &format!("{page}/requests"),
            &[
                ("category", ""),
                ("title", "Czech course"),
                ("description", "Evenings"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text()
            .await
            .expect("html")
            .contains("value=\"Czech course\"")
    );
    let good = app
        .submit(
            &page,
            &format!("{page}/requests"),
            &[
                ("category", "language_course"),
                ("title", "Czech course"),
                ("description", "Evenings"),
            ],
        )
        .await;
    assert_eq!(good.status(), StatusCode::OK);
    let html = good.text().await.expect("html");
    assert!(html.contains("id=\"access-code\">"));
    let (_, profile) = app.page(&page).await;
    assert!(profile.contains("Czech course"));
}
