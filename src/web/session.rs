//! Browser sessions for the pages: the session cookie, the CSRF check on every form post,
//! and the page context handlers read.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use rand::distr::{Alphanumeric, SampleString};

use super::AppState;
use super::views::errors::ErrorPage;
use super::views::layout::PageText;
use crate::domain::Language;
use crate::services::Principal;
use crate::services::sessions::{ClientInfo, WebSession};

/// The session cookie: HttpOnly, SameSite=Lax, Secure when the site is served over https.
pub const SESSION_COOKIE: &str = "expat_session";
/// The anonymous forms' CSRF cookie (double-submit: the form must repeat its value).
pub const CSRF_COOKIE: &str = "expat_csrf";
/// The language chosen on public pages.
pub const LANGUAGE_COOKIE: &str = "expat_lang";
/// The hidden field every form carries.
pub const CSRF_FIELD: &str = "csrf_token";
/// The most a form post may carry.
const FORM_LIMIT: usize = 256 * 1024;

/// What every page handler knows about the visitor.
#[derive(Clone)]
pub struct PageContext {
    pub session: Option<WebSession>,
    /// The token forms must carry.
    pub csrf_token: String,
    pub language: Language,
    /// A language the visitor chose explicitly (the language cookie), if any.
    pub chosen_language: Option<Language>,
    pub text: PageText,
    pub client: ClientInfo,
    /// The raw session token, so sign-out and password changes can name this session.
    pub session_token: Option<String>,
    /// Whether cookies get the `Secure` attribute.
    pub secure_cookies: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<PageContext>()
            .cloned()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// A signed-in caseworker, admin or partner user; anyone else is sent to sign in.
pub struct SignedIn {
    pub principal: Principal,
    pub ctx: PageContext,
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ctx = PageContext::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match &ctx.session {
            Some(session) => Ok(Self {
                principal: session.principal.clone(),
                ctx,
            }),
            None => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/dashboard");
                let target = format!(
                    "/sign-in?next={}",
                    url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

/// Resolves the session, checks the CSRF token of every non-GET request, and puts a
/// [`PageContext`] into the request for the handlers.
pub async fn page_context(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let cookies = Cookies::parse(&parts.headers);
    let client = ClientInfo {
        address: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string()),
        user_agent: parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    };
    let session_token = cookies.get(SESSION_COOKIE);
    let session = match &session_token {
        Some(token) => state.services.session(token, &client).await.ok(),
        None => None,
    };
    let mut set_cookies: Vec<String> = Vec::new();
    let secure = state.services.base_url_is_https();
    if session_token.is_some() && session.is_none() {
        set_cookies.push(expired_cookie(SESSION_COOKIE, secure));
    }
    let csrf_token = match (&session, cookies.get(CSRF_COOKIE)) {
        (Some(session), _) => session.csrf_token.clone(),
        (None, Some(token)) => token,
        (None, None) => {
            let token = Alphanumeric.sample_string(&mut rand::rng(), 32);
            set_cookies.push(cookie(CSRF_COOKIE, &token, secure, None));
            token
        }
    };
    let language = page_language(&session, &cookies, &parts.headers);
    let text = PageText::new(Arc::clone(&state.translations), language);
    let body = if parts.method == Method::GET || parts.method == Method::HEAD {
        body
    } else {
        let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
            return ErrorPage::new(&text, StatusCode::PAYLOAD_TOO_LARGE, "error-too-large")
                .into_response();
        };
        if !form_token_matches(&bytes, &csrf_token) {
            tracing::warn!(path = %parts.uri.path(), "form refused: CSRF token missing or wrong");
            return ErrorPage::new(&text, StatusCode::FORBIDDEN, "error-csrf").into_response();
        }
        Body::from(bytes)
    };
    parts.extensions.insert(PageContext {
        session,
        csrf_token,
        language,
        chosen_language: cookies
            .get(LANGUAGE_COOKIE)
            .as_deref()
            .and_then(Language::parse),
        text,
        client,
        session_token: session_token.clone(),
        secure_cookies: secure,
    });
    let mut response = next.run(Request::from_parts(parts, body)).await;
    for value in set_cookies {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn page_language(session: &Option<WebSession>, cookies: &Cookies, headers: &HeaderMap) -> Language {
    if let Some(session) = session {
        return session.principal.language;
    }
    if let Some(language) = cookies
        .get(LANGUAGE_COOKIE)
        .as_deref()
        .and_then(Language::parse)
    {
        return language;
    }
    accept_language(headers).unwrap_or(Language::En)
}

/// The first supported language of an `Accept-Language` header, by quality.
pub fn accept_language(headers: &HeaderMap) -> Option<Language> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut choices: Vec<(f32, Language)> = value
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim();
            let quality = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next()?.to_ascii_lowercase();
            Language::parse(&primary).map(|language| (quality, language))
        })
        .collect();
    choices.sort_by(|a, b| b.0.total_cmp(&a.0));
    choices.first().map(|(_, language)| *language)
}

fn form_token_matches(body: &[u8], expected: &str) -> bool {
    let sent = url::form_urlencoded::parse(body)
        .find(|(key, _)| key == CSRF_FIELD)
        .map(|(_, value)| value.into_owned());
    match sent {
        Some(sent) => crate::domain::constant_time_eq(sent.as_bytes(), expected.as_bytes()),
        None => false,
    }
}

/// A `Set-Cookie` value; `max_age` in seconds, none for a browser-session cookie.
pub fn cookie(name: &str, value: &str, secure: bool, max_age: Option<i64>) -> String {
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if secure {
        text.push_str("; Secure");
    }
    if let Some(seconds) = max_age {
        text.push_str(&format!("; Max-Age={seconds}"));
    }
    text
}

/// A `Set-Cookie` value that removes the cookie.
pub fn expired_cookie(name: &str, secure: bool) -> String {
    cookie(name, "", secure, Some(0))
}

/// The request's cookies.
struct Cookies(Vec<(String, String)>);

impl Cookies {
    fn parse(headers: &HeaderMap) -> Self {
        let pairs = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                Some((name.to_owned(), value.to_owned()))
            })
            .collect();
        Self(pairs)
    }

    fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("de-DE, uk;q=0.8, cs;q=0.9"),
        );
        assert_eq!(accept_language(&headers), Some(Language::Cs));
    }

    #[test]
    fn tokens_compare_only_when_equal() {
        assert!(crate::domain::constant_time_eq(b"abc", b"abc"));
        assert!(!crate::domain::constant_time_eq(b"abc", b"abd"));
        assert!(!crate::domain::constant_time_eq(b"abc", b"ab"));
        assert!(form_token_matches(b"a=1&csrf_token=xyz", "xyz"));
        assert!(!form_token_matches(b"a=1", "xyz"));
    }
}
