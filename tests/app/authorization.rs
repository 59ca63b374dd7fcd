//! Who may do what: every role against every page and API action. "Denied" is a redirect to
//! sign-in (anonymous), 403, or 404 for things the caller may not know exist — never data.

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp};
use crate::pages::csrf_of;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Caseworker,
    Admin,
    Partner,
}

const EVERYONE: [Who; 4] = [Who::Anonymous, Who::Caseworker, Who::Admin, Who::Partner];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Allowed,
    SignIn,
    Forbidden,
    NotFound,
}

/// A browser of one person, with its own cookies.
struct Visitor {
    client: Client,
    base: String,
}

impl Visitor {
    async fn new(app: &TestApp, email: Option<&str>) -> Self {
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .expect("client");
        let visitor = Self {
            client,
            base: app.address.clone(),
        };
        if let Some(email) = email {
            let response = visitor
                .post(
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
        visitor
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("sent")
    }

    async fn post(
        &self,
        token_page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let html = self.get(token_page).await.text().await.unwrap_or_default();
        let mut token = csrf_of(&html);
        if token.is_empty() {
            // Pages the visitor may not open carry no form: take a token from the account page
            // or, signed out, from the sign-in page, so the check under test is authorization.
            let html = self.get("/account").await.text().await.unwrap_or_default();
            token = csrf_of(&html);
            if token.is_empty() {
                token = csrf_of(&self.get("/sign-in").await.text().await.unwrap_or_default());
            }
        }
        let mut body = fields.to_vec();
        body.push(("csrf_token", &token));
        self.client
            .post(format!("{}{path}", self.base))
            .form(&body)
            .send()
            .await
            .expect("sent")
    }
}

async fn outcome(response: reqwest::Response, secret: &str) -> Expect {
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.unwrap_or_default();
    let result = match status {
        StatusCode::SEE_OTHER if location.starts_with("/sign-in") => Expect::SignIn,
        StatusCode::UNAUTHORIZED if body.contains("problem") || body.contains("sign in") => {
            Expect::SignIn
        }
        StatusCode::FORBIDDEN => Expect::Forbidden,
        StatusCode::NOT_FOUND => Expect::NotFound,
        s if s.is_success()
            || s == StatusCode::SEE_OTHER
            || s == StatusCode::UNPROCESSABLE_ENTITY =>
        {
            Expect::Allowed
        }
        other => panic!("unexpected status {other}: {body}"),
    };
    if result != Expect::Allowed {
        assert!(
            !body.contains(secret),
            "a denied answer leaked data: {body}"
        );
    }
    result
}

struct World {
    app: TestApp,
    visitors: Vec<(Who, Visitor)>,
    tokens: Vec<(Who, Option<String>)>,
    referred: String,
    other: String,
    newcomer: i64,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    app.create_user("admin", "admin@centre.example.org", None)
        .await;
    app.create_user("caseworker", "jana@centre.example.org", None)
        .await;
    let admin = app.token_for("admin@centre.example.org").await;
    let caseworker = app.token_for("jana@centre.example.org").await;
    app.create_partner(&admin, "bydleni", &["housing"]).await;
    app.create_user("partner", "eva@bydleni.example.org", Some("bydleni"))
        .await;
    let partner = app.token_for("eva@bydleni.example.org").await;
    let referred = app.create_request(&caseworker, "housing").await["reference"]
        .as_str()
        .expect("ref")
        .to_owned();
    app.transition_ok(
        &caseworker,
        &referred,
        &json!({"transition": "triage", "version": 1}),
    )
    .await;
    app.transition_ok(
        &caseworker,
        &referred,
        &json!({"transition": "refer", "version": 2, "partner": "bydleni"}),
    )
    .await;
    let other = app.create_request(&caseworker, "job").await["reference"]
        .as_str()
        .expect("ref")
        .to_owned();
    let newcomer = app.create_newcomer(&caseworker).await;
    let visitors = vec![
        (Who::Anonymous, Visitor::new(&app, None).await),
        (
            Who::Caseworker,
            Visitor::new(&app, Some("jana@centre.example.org")).await,
        ),
        (
            Who::Admin,
            Visitor::new(&app, Some("admin@centre.example.org")).await,
        ),
        (
            Who::Partner,
            Visitor::new(&app, Some("eva@bydleni.example.org")).await,
        ),
    ];
    let tokens = vec![
        (Who::Anonymous, None),
        (Who::Caseworker, Some(caseworker)),
        (Who::Admin, Some(admin)),
        (Who::Partner, Some(partner)),
    ];
    World {
        app,
        visitors,
        tokens,
        referred,
        other,
        newcomer,
    }
}

fn expected(row: [Expect; 4], who: Who) -> Expect {
    let index = EVERYONE.iter().position(|w| *w == who).unwrap_or(0);
    row[index]
}

/// A form page, the action it posts to, the fields, and who may.
type FormAction<'a> = (String, String, Vec<(&'a str, &'a str)>, [Expect; 4]);

use Expect::{Allowed as A, Forbidden as F, NotFound as N, SignIn as S};

#[tokio::test]
async fn every_role_gets_exactly_the_pages_it_should() {
    let w = world().await;
    let pages: Vec<(String, [Expect; 4])> = vec![
        ("/dashboard".into(), [S, A, A, F]),
        ("/intake".into(), [S, A, A, F]),
        ("/requests".into(), [S, A, A, A]),
        (format!("/requests/{}", w.referred), [S, A, A, A]),
        (format!("/requests/{}", w.other), [S, A, A, N]),
        (format!("/newcomers/{}", w.newcomer), [S, A, A, F]),
        ("/admin/users".into(), [S, F, A, F]),
        ("/admin/audit".into(), [S, F, A, F]),
        ("/account".into(), [S, A, A, A]),
    ];
    for (path, row) in &pages {
        for (who, visitor) in &w.visitors {
            let got = outcome(visitor.get(path).await, "Kovalenko").await;
            assert_eq!(got, expected(*row, *who), "{who:?} GET {path}");
        }
    }
}

#[tokio::test]
async fn every_role_may_submit_exactly_the_forms_it_should() {
    let w = world().await;
    let intake = [("full_name", "Test"), ("email", "bad")];
    let invite = [("name", "X"), ("email", "bad"), ("role", "caseworker")];
    let note = [("note", "hello"), ("visibility", "partner")];
    let actions: Vec<FormAction> = vec![
        (
            "/intake".into(),
            "/intake".into(),
            intake.to_vec(),
            [S, A, A, F],
        ),
        (
            "/admin/users".into(),
            "/admin/users".into(),
            invite.to_vec(),
            [S, F, A, F],
        ),
        (
            format!("/requests/{}", w.other),
            format!("/requests/{}/notes", w.other),
            note.to_vec(),
            [S, A, A, N],
        ),
        (
            format!("/requests/{}", w.referred),
            format!("/requests/{}/notes", w.referred),
            note.to_vec(),
            [S, A, A, A],
        ),
        (
            "/admin/users".into(),
            "/admin/users/1/password".into(),
            vec![],
            [S, F, A, F],
        ),
    ];
    for (page, action, fields, row) in &actions {
        for (who, visitor) in &w.visitors {
            let got = outcome(visitor.post(page, action, fields).await, "Kovalenko").await;
            assert_eq!(got, expected(*row, *who), "{who:?} POST {action}");
        }
    }
}

#[tokio::test]
async fn every_role_gets_exactly_the_api_it_should() {
    let w = world().await;
    let app = &w.app;
    let reads: Vec<(String, [Expect; 4])> = vec![
        ("/api/v1/partners".into(), [S, A, A, F]),
        ("/api/v1/requests".into(), [S, A, A, A]),
        (format!("/api/v1/requests/{}", w.referred), [S, A, A, A]),
        (format!("/api/v1/requests/{}", w.other), [S, A, A, N]),
        ("/api/v1/workflows".into(), [S, A, A, A]),
    ];
    for (path, row) in &reads {
        for (who, token) in &w.tokens {
            let got = outcome(app.get(path, token.as_deref()).await, "Kovalenko").await;
            assert_eq!(got, expected(*row, *who), "{who:?} GET {path}");
        }
    }
    let newcomer = json!({"full_name": "N", "email": "n@example.org", "preferred_language": "en", "consent": true});
    let request =
        json!({"newcomer_id": w.newcomer, "category": "job", "title": "t", "description": "d"});
    let writes: Vec<(&str, serde_json::Value, [Expect; 4])> = vec![
        ("/api/v1/newcomers", newcomer, [S, A, A, F]),
        ("/api/v1/requests", request, [S, A, A, F]),
        ("/api/v1/partners", json!({"slug": "x"}), [S, F, A, F]),
    ];
    for (path, body, row) in &writes {
        for (who, token) in &w.tokens {
            let got = outcome(app.post(path, token.as_deref(), body).await, "Kovalenko").await;
            assert_eq!(got, expected(*row, *who), "{who:?} POST {path}");
        }
    }
    let caseworker = w
        .tokens
        .iter()
        .find(|(who, _)| *who == Who::Caseworker)
        .and_then(|(_, t)| t.clone())
        .unwrap_or_default();
    for (who, token) in &w.tokens {
        let fresh = app.create_request(&caseworker, "job").await["reference"]
            .as_str()
            .expect("ref")
            .to_owned();
        let response = app
            .post(
                &format!("/api/v1/requests/{fresh}/transitions"),
                token.as_deref(),
                &json!({"transition": "triage", "version": 1}),
            )
            .await;
        let got = outcome(response, "Kovalenko").await;
        assert_eq!(got, expected([S, A, A, N], *who), "{who:?} triage");
    }
}
