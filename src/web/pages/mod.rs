//! Server-rendered pages (askama); they work without JavaScript. Every route here runs
//! behind the session and CSRF middleware (`web::session`).

mod account;
mod admin;
mod auth;
mod dashboard;
mod intake;
mod mail;
mod newcomers;
mod referrals;
mod requests;
mod status;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};

use super::AppState;
use super::session::PageContext;
use super::views::home::{HomePage, NotFoundPage};
use super::views::layout::Layout;
use super::views::requests::Choice;
use crate::domain::Category;
use crate::web::views::layout::PageText;

/// The pages' routes (the stylesheet is served without the session middleware).
pub fn router(state: AppState) -> Router<AppState> {
    let pages = Router::new()
        .route("/", get(home))
        .route("/sign-in", get(auth::sign_in_form).post(auth::sign_in))
        .route("/sign-out", post(auth::sign_out))
        .route("/status", get(status::form).post(status::check))
        .route("/status/message", post(status::message))
        .route("/s/{token}", get(status::link))
        .route("/dashboard", get(dashboard::show))
        .route("/intake", get(intake::form).post(intake::submit))
        .route("/newcomers/{id}", get(newcomers::show))
        .route("/newcomers/{id}/requests", post(newcomers::add_request))
        .route("/requests", get(requests::list))
        .route("/requests/{reference}", get(requests::show))
        .route(
            "/requests/{reference}/transitions",
            post(requests::transition),
        )
        .route("/requests/{reference}/notes", post(requests::note))
        .route("/account", get(account::show))
        .route("/account/password", post(account::change_password))
        .route("/account/language", post(account::change_language))
        .route("/admin/users", get(admin::users).post(admin::invite))
        .route("/admin/users/{id}/active", post(admin::set_active))
        .route("/admin/users/{id}/password", post(admin::reset_password))
        .route("/admin/audit", get(admin::audit))
        .route("/r/{token}", get(referrals::show).post(referrals::answer))
        .route(
            "/admin/partners",
            get(referrals::partners).post(referrals::create_partner),
        )
        .route(
            "/admin/partners/{slug}/active",
            post(referrals::set_partner_active),
        )
        .route("/admin/routing", post(referrals::add_rule))
        .route("/admin/routing/{id}/delete", post(referrals::remove_rule))
        .route("/admin/outbox", get(mail::outbox))
        .route("/admin/outbox/{id}/retry", post(mail::retry))
        .route("/admin/mailbox", get(mail::mailbox))
        .route("/admin/mailbox/{id}", get(mail::message))
        .layer(axum::middleware::from_fn_with_state(
            state,
            super::session::page_context,
        ));
    Router::new()
        .route("/assets/app.css", get(stylesheet))
        .merge(pages)
}

async fn home(ctx: PageContext) -> HomePage {
    HomePage {
        layout: Layout::new(&ctx, "home"),
    }
}

/// The page for an unknown address (outside the session middleware: shown to anyone).
pub fn not_found(text: PageText, csrf: String) -> impl IntoResponse {
    let layout = Layout {
        text,
        csrf,
        user_name: None,
        is_staff: false,
        is_admin: false,
        is_partner: false,
        current: "",
    };
    (StatusCode::NOT_FOUND, NotFoundPage { layout })
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../../templates/assets/app.css"),
    )
}

/// The categories for a select, translated.
pub fn category_choices(text: &PageText) -> Vec<Choice> {
    Category::ALL
        .iter()
        .map(|c| Choice {
            value: c.code().to_owned(),
            label: text.category(c.code()),
        })
        .collect()
}

/// The languages for a select, each in its own language.
pub fn language_choices() -> Vec<Choice> {
    [("en", "English"), ("cs", "Čeština"), ("uk", "Українська")]
        .into_iter()
        .map(|(value, label)| Choice {
            value: value.to_owned(),
            label: label.to_owned(),
        })
        .collect()
}
