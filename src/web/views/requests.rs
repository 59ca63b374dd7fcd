use askama::Template;
use askama_web::WebTemplate;

use super::forms::FormState;
use super::layout::{Layout, PageText, local_date, local_time};
use crate::services::request_list::RequestListItem;
use crate::services::requests::{AllowedTransition, RequestDetail, TimelineEvent};

/// One row of a request table, ready to show.
pub struct RequestRow {
    pub reference: String,
    pub title: String,
    pub category: String,
    pub state: String,
    pub state_label: String,
    pub newcomer: String,
    pub partner: String,
    pub assignee: String,
    pub due: String,
    pub overdue: bool,
    pub updated: String,
}

impl RequestRow {
    pub fn new(item: RequestListItem, text: &PageText) -> Self {
        Self {
            category: text.category(&item.category),
            due: item.due_at.as_ref().map(local_date).unwrap_or_default(),
            updated: local_time(&item.updated_at),
            newcomer: item.newcomer_name.unwrap_or_default(),
            partner: item.partner.unwrap_or_default(),
            assignee: item.assignee.unwrap_or_default(),
            reference: item.reference,
            title: item.title,
            state: item.state,
            state_label: item.state_label,
            overdue: item.overdue,
        }
    }
}

/// A choice in a filter's select.
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The request list with its filters.
#[derive(Template, WebTemplate)]
#[template(path = "requests/list.html")]
pub struct RequestListPage {
    pub layout: Layout,
    pub filters: FormState,
    pub rows: Vec<RequestRow>,
    pub next_href: Option<String>,
    pub states: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub partners: Vec<Choice>,
    pub sorts: Vec<Choice>,
}

/// A timeline entry, ready to show.
pub struct EventRow {
    pub at: String,
    pub actor: String,
    pub what: String,
    pub body: Option<String>,
    pub visibility: String,
    pub visibility_label: String,
}

impl EventRow {
    pub fn new(
        event: TimelineEvent,
        text: &PageText,
        state_label: impl Fn(&str) -> String,
    ) -> Self {
        let what = match (event.kind.as_str(), &event.to_state) {
            ("created", Some(to)) => text.t1("event-created", "state", &state_label(to)),
            ("state_changed", Some(to)) => {
                text.t1("event-state-changed", "state", &state_label(to))
            }
            ("note", _) => text.t("event-note"),
            ("comment", _) => text.t("event-comment"),
            ("reminder", _) => text.t("event-reminder"),
            ("referral", _) => text.t("event-referral"),
            ("newcomer_message", _) => text.t("event-newcomer-message"),
            (other, _) => other.to_owned(),
        };
        Self {
            at: local_time(&event.at),
            actor: event.actor,
            what,
            body: event.body,
            visibility_label: text.t(&format!("visibility-{}", event.visibility)),
            visibility: event.visibility,
        }
    }
}

/// A transition button with the fields it needs.
pub struct TransitionForm {
    pub name: String,
    pub label: String,
    pub needs_comment: bool,
    pub needs_partner: bool,
}

impl From<&AllowedTransition> for TransitionForm {
    fn from(t: &AllowedTransition) -> Self {
        Self {
            name: t.name.clone(),
            label: t.label.clone(),
            needs_comment: t.needs.iter().any(|n| n == "comment"),
            needs_partner: t.needs.iter().any(|n| n == "partner"),
        }
    }
}

/// One request with its timeline, workflow picture and actions.
#[derive(Template, WebTemplate)]
#[template(path = "requests/show.html")]
pub struct RequestPage {
    pub layout: Layout,
    pub request: RequestDetail,
    pub category: String,
    pub due: String,
    pub newcomer_name: String,
    pub events: Vec<EventRow>,
    pub transitions: Vec<TransitionForm>,
    pub partners: Vec<Choice>,
    pub diagram_svg: String,
    pub transition_form: FormState,
    pub note_form: FormState,
    /// The request's referrals (a partner user sees only their own).
    pub referrals: Vec<ReferralRow>,
    /// Which transition the `transition_form` errors belong to.
    pub failed_transition: String,
}

/// A referral, ready to show.
pub struct ReferralRow {
    pub partner_name: String,
    pub status: String,
    pub offered: String,
    pub decline_reason: Option<String>,
    pub shared: Vec<(String, String)>,
    pub consent_basis: String,
}
