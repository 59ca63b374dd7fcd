use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::SignedIn;
use crate::web::views::dashboard::{DashboardPage, Panel, bars};
use crate::web::views::layout::Layout;
use crate::web::views::requests::RequestRow;

pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    let SignedIn { principal, ctx } = signed_in;
    let text = &ctx.text;
    let data = state
        .services
        .dashboard(&principal, |code| text.category(code))
        .await
        .map_err(|e| PageError::new(text, e))?;
    let rows = |items: Vec<_>| {
        items
            .into_iter()
            .map(|i| RequestRow::new(i, text))
            .collect()
    };
    let panels = vec![
        Panel {
            title: text.t("dashboard-mine"),
            empty: text.t("dashboard-mine-empty"),
            rows: rows(data.mine),
            more_href: "/requests?assignee=me".into(),
        },
        Panel {
            title: text.t("dashboard-overdue"),
            empty: text.t("dashboard-overdue-empty"),
            rows: rows(data.overdue),
            more_href: "/requests?overdue=true&sort=due".into(),
        },
        Panel {
            title: text.t("dashboard-partner"),
            empty: text.t("dashboard-partner-empty"),
            rows: rows(data.waiting_on_partner),
            more_href: "/requests?state=referred".into(),
        },
        Panel {
            title: text.t("dashboard-newcomer"),
            empty: text.t("dashboard-newcomer-empty"),
            rows: rows(data.waiting_on_newcomer),
            more_href: "/requests?state=waiting_newcomer".into(),
        },
        Panel {
            title: text.t("dashboard-recent"),
            empty: text.t("dashboard-recent-empty"),
            rows: rows(data.recent),
            more_href: "/requests".into(),
        },
    ];
    Ok(DashboardPage {
        layout: Layout::new(&ctx, "dashboard"),
        panels,
        by_state: bars(&data.by_state, "state"),
        by_category: bars(&data.by_category, "category"),
    }
    .into_response())
}
