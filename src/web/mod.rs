//! HTTP: the only layer that knows axum. Handlers extract, call one service, and map the
//! answer to JSON, a page or a redirect.

pub mod api;
mod bench_floors;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod pages;
pub mod problem;
pub mod session;
pub mod views;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, Request, StatusCode};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::services::Services;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub translations: std::sync::Arc<crate::i18n::Translations>,
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application: API, pages, health check and OpenAPI document, with logging,
/// request ids, a body limit, a timeout and panic safety around them.
pub fn router(
    services: Services,
    translations: std::sync::Arc<crate::i18n::Translations>,
) -> Router {
    build(
        AppState {
            services,
            translations,
        },
        false,
    )
}

/// The application plus the benchmark's floor routes (`/bench/…`), behind the same
/// middleware so the floor measures what every route pays; only `expat-desk bench` uses it.
pub fn router_with_bench_routes(
    services: Services,
    translations: std::sync::Arc<crate::i18n::Translations>,
) -> Router {
    build(
        AppState {
            services,
            translations,
        },
        true,
    )
}

fn build(state: AppState, bench_routes: bool) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi_json = openapi::document_json(openapi);
    let mut routes = Router::new();
    if bench_routes {
        routes = routes.merge(bench_floors::routes());
    }
    routes
        .merge(api_router)
        .merge(pages::router(state.clone()))
        .route("/api/openapi.json", axum::routing::get(move || openapi::serve(openapi_json.clone())))
        .fallback(api::fallback)
        .with_state(state)
        .layer(CatchPanicLayer::new())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(RequestBodyLimitLayer::new(256 * 1024))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let id = request
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("http", method = %request.method(), path = %request.uri().path(), request_id = %id)
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}
