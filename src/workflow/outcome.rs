//! What applying a transition decides, as plain data for the services layer
//! to write in one database transaction (request row, event, outbox, referral,
//! timers), so the engine itself never touches storage.

use chrono::{DateTime, Utc};

use super::definition::{MailSpec, ReferralClosure, Visibility};

/// The kind of timeline event a transition records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// The request moved from one state to another (or stayed, for a self-loop).
    StateChanged,
}

/// The timeline event every successful transition records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpec {
    /// Always [`EventKind::StateChanged`] for transitions.
    pub kind: EventKind,
    /// The transition applied.
    pub transition: String,
    /// State before.
    pub from: String,
    /// State after.
    pub to: String,
    /// The caller's comment (trimmed), if any.
    pub comment: Option<String>,
    /// Who sees the event (the state change itself).
    pub visibility: Visibility,
    /// Whether the newcomer sees the comment text as well; when false the
    /// comment is shown to staff (and the partner, if `visibility` allows) only.
    pub comment_public: bool,
}

/// A change to the request's referral to a partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferralCommand {
    /// Create a referral offered to this partner (slug).
    Offer {
        /// The partner's slug, as the caller gave it.
        partner: String,
    },
    /// Mark the open referral accepted.
    Accept,
    /// End the open referral.
    Close {
        /// How it ends.
        closure: ReferralClosure,
    },
}

/// A timer firing to store, to be run by the timer worker at `due_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledTimer {
    /// The timer's name in the workflow.
    pub name: String,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// Which firing this is (1-based); pass it back to `fire_timer`.
    pub fire_number: u32,
}

/// What to do with the request's timers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimerPlan {
    /// Delete every pending timer of the request first.
    pub cancel_pending: bool,
    /// Then store these.
    pub schedule: Vec<ScheduledTimer>,
}

/// What to do with the request's due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueChange {
    /// Leave it as it is.
    Keep,
    /// Set it to this instant.
    Set(DateTime<Utc>),
    /// Remove it.
    Clear,
}

/// What to do with the request's current partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerChange {
    /// Leave it as it is.
    Keep,
    /// The request is now referred to this partner (slug).
    Set(String),
    /// The request is no longer referred to anyone.
    Clear,
}

/// Everything a successful transition decides.
///
/// The request is in state `to` from `now` on: when the state changed, the
/// services layer stores `now` as the time the state was entered (clock
/// pausing and timers rely on it); on a self-loop it keeps the old time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// State before.
    pub from: String,
    /// State after.
    pub to: String,
    /// The transition applied.
    pub transition: String,
    /// The timeline event to record.
    pub event: EventSpec,
    /// E-mails to put in the outbox.
    pub mails: Vec<MailSpec>,
    /// The referral change, if any.
    pub referral: Option<ReferralCommand>,
    /// Timers to cancel and schedule.
    pub timers: TimerPlan,
    /// The due-date change.
    pub due_at: DueChange,
    /// The outcome text to store as the request's resolution (`needs_outcome`).
    pub resolution: Option<String>,
    /// The current-partner change.
    pub partner: PartnerChange,
}

impl Outcome {
    /// Whether the request ends up in a different state than it started in.
    pub fn state_changed(&self) -> bool {
        self.from != self.to
    }
}
