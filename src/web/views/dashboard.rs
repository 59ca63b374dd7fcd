use askama::Template;
use askama_web::WebTemplate;

use super::layout::Layout;
use super::requests::RequestRow;
use crate::services::dashboard::Count;

/// A bar of a chart, with its width in percent of the largest.
pub struct Bar {
    pub label: String,
    pub count: i64,
    pub percent: i64,
    pub href: String,
}

/// Turns counts into bars scaled to the largest.
pub fn bars(counts: &[Count], filter: &str) -> Vec<Bar> {
    let max = counts.iter().map(|c| c.count).max().unwrap_or(1).max(1);
    counts
        .iter()
        .map(|c| Bar {
            label: c.label.clone(),
            count: c.count,
            percent: (c.count * 100 / max).max(2),
            href: format!("/requests?{filter}={}", c.key),
        })
        .collect()
}

/// A titled table of requests.
pub struct Panel {
    pub title: String,
    pub empty: String,
    pub rows: Vec<RequestRow>,
    pub more_href: String,
}

/// The caseworker's start page.
#[derive(Template, WebTemplate)]
#[template(path = "dashboard/index.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub panels: Vec<Panel>,
    pub by_state: Vec<Bar>,
    pub by_category: Vec<Bar>,
}
