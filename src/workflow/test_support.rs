//! Helpers shared by the tests of several modules.

use chrono::{DateTime, Utc};

use super::{RequestSnapshot, Workflow, WorkflowSet};

/// The embedded defaults, which must always load.
pub(crate) fn defaults() -> WorkflowSet {
    WorkflowSet::embedded_default().expect("the embedded defaults are valid")
}

/// The default `general` workflow.
pub(crate) fn general() -> Workflow {
    defaults().latest("general").expect("general").clone()
}

/// An instant written in RFC 3339.
pub(crate) fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("RFC 3339")
}

/// A request without partner or due date that entered `state` on
/// Thu 2 Apr 2026, 10:00 Prague time.
pub(crate) fn request(state: &str) -> RequestSnapshot<'_> {
    RequestSnapshot {
        state,
        has_partner: false,
        due_at: None,
        state_entered_at: at("2026-04-02T08:00:00Z"),
    }
}
