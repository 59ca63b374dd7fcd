//! The in-memory form of workflow definitions.
//!
//! A [`Workflow`] can only be obtained from a [`WorkflowSet`], and a set can
//! only be built by loading and validating TOML, so the engine may rely on every
//! name in it resolving (states, transitions, timers) without re-checking.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::validate::DefinitionError;
use super::vocabulary::{Category, Localized, Role};

/// What a state means for the people involved, which drives clocks and closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StateKind {
    /// The centre or a partner is working on it; deadlines run.
    Open,
    /// The centre waits for the newcomer; deadlines are paused (see the engine).
    Waiting,
    /// Finished for good: no transition may leave it.
    Terminal,
}

impl StateKind {
    /// The machine name used in definitions.
    pub fn code(self) -> &'static str {
        match self {
            StateKind::Open => "open",
            StateKind::Waiting => "waiting",
            StateKind::Terminal => "terminal",
        }
    }
}

/// One state of a workflow, with the texts a newcomer sees while in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateDef {
    /// Machine name, stored on the request and named by integrations.
    pub name: String,
    /// Whether work is going on, waiting on the newcomer, or over.
    pub kind: StateKind,
    /// Short public name of the state.
    pub label: Localized,
    /// Public "what happens next / what is expected of you".
    pub description: Localized,
}

/// A precondition of a transition; checked by the engine before anything changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guard {
    /// The caller must give a comment (e.g. a reason for declining).
    NeedsComment,
    /// The caller must name the partner (slug) to refer to.
    NeedsPartner,
    /// The caller must give the outcome as the comment; it becomes the resolution.
    NeedsOutcome,
    /// The request must currently be referred to a partner.
    HasPartner,
    /// The request must not currently be referred to a partner, so that a
    /// second referral never silently orphans an open one.
    NoPartner,
}

/// Who may see an event on the request's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Centre staff only.
    Internal,
    /// Staff and the partner the request is referred to.
    Partner,
    /// Also the newcomer, on the status page.
    #[default]
    Public,
}

impl Visibility {
    /// The machine name used in definitions and the database.
    pub fn code(self) -> &'static str {
        match self {
            Visibility::Internal => "internal",
            Visibility::Partner => "partner",
            Visibility::Public => "public",
        }
    }
}

/// Whom an e-mail goes to; the services layer resolves it to an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The newcomer, in their preferred language.
    Newcomer,
    /// The partner of the referral the transition touches: the one just
    /// offered, else the one the request was referred to before.
    Partner,
    /// The caseworker assigned to the request (skipped when nobody is).
    Assignee,
}

impl Recipient {
    /// The machine name used in definitions.
    pub fn code(self) -> &'static str {
        match self {
            Recipient::Newcomer => "newcomer",
            Recipient::Partner => "partner",
            Recipient::Assignee => "assignee",
        }
    }
}

/// An e-mail to write to the outbox: a template rendered for one recipient.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSpec {
    /// Who gets it.
    pub to: Recipient,
    /// Template name under `templates/email/`.
    pub template: String,
}

/// How an open referral ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralClosure {
    /// The partner said no (with a reason).
    Declined,
    /// The partner's part is done.
    Completed,
    /// The centre took the referral back (e.g. the request was cancelled).
    Withdrawn,
}

impl ReferralClosure {
    /// The machine name used in definitions and the database.
    pub fn code(self) -> &'static str {
        match self {
            ReferralClosure::Declined => "declined",
            ReferralClosure::Completed => "completed",
            ReferralClosure::Withdrawn => "withdrawn",
        }
    }
}

/// How a delay is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Czech working days (no weekends or public holidays), Europe/Prague.
    WorkingDays,
    /// Every day counts; the local time of day is kept across DST changes.
    CalendarDays,
}

/// Something a transition causes besides the state change itself (which is
/// always recorded as an event, so there is no effect for it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Effect {
    /// Write an e-mail to the outbox.
    Mail {
        /// Who gets it.
        to: Recipient,
        /// Template name.
        template: String,
    },
    /// Offer a referral to the partner the caller named (needs `needs_partner`).
    OfferReferral,
    /// The current partner accepts the open referral (needs `has_partner`).
    AcceptReferral,
    /// End the open referral, if there is one, and clear the request's partner.
    CloseReferral {
        /// How it ends.
        #[serde(rename = "as")]
        closure: ReferralClosure,
    },
    /// Start a timer of the target state on a transition that stays in its
    /// state (entering a state starts its timers anyway).
    StartTimer {
        /// The timer's name.
        timer: String,
    },
    /// Cancel the request's pending timers on a transition that stays in its
    /// state (leaving a state cancels them anyway).
    CancelTimers,
    /// Set the request's due date, counted from the moment of the transition.
    SetDue {
        /// How many units.
        after: u32,
        /// Working or calendar days.
        unit: Unit,
    },
    /// Remove the request's due date.
    ClearDue,
}

impl Effect {
    /// The machine name, as written after `do =` in a definition.
    pub fn code(&self) -> &'static str {
        match self {
            Effect::Mail { .. } => "mail",
            Effect::OfferReferral => "offer_referral",
            Effect::AcceptReferral => "accept_referral",
            Effect::CloseReferral { .. } => "close_referral",
            Effect::StartTimer { .. } => "start_timer",
            Effect::CancelTimers => "cancel_timers",
            Effect::SetDue { .. } => "set_due",
            Effect::ClearDue => "clear_due",
        }
    }
}

/// A named move between states, with who may make it and what it causes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionDef {
    /// Machine name, named by the API and integrations.
    pub name: String,
    /// States it may start from (`*open` already expanded).
    pub from: Vec<String>,
    /// Whether the definition said `*open`, so a diagram can draw it once.
    pub from_any_open: bool,
    /// The state it leads to.
    pub to: String,
    /// Roles allowed to apply it (admins are implied by caseworkers).
    pub roles: Vec<Role>,
    /// Preconditions.
    pub guards: Vec<Guard>,
    /// What it causes, in order.
    pub effects: Vec<Effect>,
    /// Button and timeline text.
    pub label: Localized,
    /// Who sees the recorded state change.
    pub visibility: Visibility,
    /// Whether the comment is shown to the newcomer too (e.g. what is needed).
    pub public_comment: bool,
}

impl TransitionDef {
    /// What the caller must supply, as the API reports it next to the name:
    /// `"comment"` and/or `"partner"`.
    pub fn needs(&self) -> Vec<&'static str> {
        let mut needs = Vec::new();
        if self.has_guard(Guard::NeedsComment) || self.has_guard(Guard::NeedsOutcome) {
            needs.push("comment");
        }
        if self.has_guard(Guard::NeedsPartner) {
            needs.push("partner");
        }
        needs
    }

    /// Whether the definition lists `guard`.
    pub fn has_guard(&self, guard: Guard) -> bool {
        self.guards.contains(&guard)
    }

    /// Whether the transition may start in `state`.
    pub fn starts_from(&self, state: &str) -> bool {
        self.from.iter().any(|from| from == state)
    }
}

/// What a timer does once its reminders are used up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TimerThen {
    /// Apply this transition as [`Role::System`].
    Transition(String),
    /// Send these e-mails (typically to the assignee) and stop.
    Escalate(Vec<MailSpec>),
}

/// A follow-up that runs while a request stays in one state.
///
/// It fires `repeat` times, `after` units apart, sending `mails` each time;
/// then, `after` units later again, its `then` step (if any) runs once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerDef {
    /// Name, unique within the workflow, stored with the scheduled timer.
    pub name: String,
    /// The (non-terminal) state it runs in; entering starts it, leaving cancels it.
    pub state: String,
    /// Delay between fires.
    pub after: u32,
    /// How the delay is counted.
    pub unit: Unit,
    /// How many reminders at most.
    pub repeat: u32,
    /// E-mails of each reminder.
    pub mails: Vec<MailSpec>,
    /// The final step, if any.
    pub then: Option<TimerThen>,
}

impl TimerDef {
    /// The number of the fire that runs the `then` step, if there is one.
    pub fn then_fire_number(&self) -> Option<u32> {
        self.then.as_ref().map(|_| self.repeat.saturating_add(1))
    }
}

/// One version of one workflow: the states, transitions and timers a request follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflow {
    pub(crate) key: String,
    pub(crate) version: u32,
    pub(crate) initial: String,
    pub(crate) categories: Vec<Category>,
    pub(crate) states: Vec<StateDef>,
    pub(crate) transitions: Vec<TransitionDef>,
    pub(crate) timers: Vec<TimerDef>,
}

impl Workflow {
    /// Machine name, e.g. `general`; a request stores it with [`Workflow::version`].
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Version of the definition; requests keep the version they started on.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The state a new request starts in.
    pub fn initial(&self) -> &str {
        &self.initial
    }

    /// Categories this workflow is declared to serve.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// All states, in definition order.
    pub fn states(&self) -> &[StateDef] {
        &self.states
    }

    /// All transitions, in definition order (the order buttons are shown in).
    pub fn transitions(&self) -> &[TransitionDef] {
        &self.transitions
    }

    /// All timers, in definition order.
    pub fn timers(&self) -> &[TimerDef] {
        &self.timers
    }

    /// The state called `name`, if the workflow has one.
    pub fn state(&self, name: &str) -> Option<&StateDef> {
        self.states.iter().find(|state| state.name == name)
    }

    /// The transition called `name`, if the workflow has one.
    pub fn transition(&self, name: &str) -> Option<&TransitionDef> {
        self.transitions
            .iter()
            .find(|transition| transition.name == name)
    }

    /// The timer called `name`, if the workflow has one.
    pub fn timer(&self, name: &str) -> Option<&TimerDef> {
        self.timers.iter().find(|timer| timer.name == name)
    }

    /// Timers that start when a request enters `state`.
    pub fn timers_of_state<'a>(&'a self, state: &'a str) -> impl Iterator<Item = &'a TimerDef> {
        self.timers.iter().filter(move |timer| timer.state == state)
    }

    /// Whether some timer's `then` step applies transition `name`, which is
    /// the only way [`Role::System`] may apply a transition.
    pub fn is_timer_transition(&self, name: &str) -> bool {
        self.timers
            .iter()
            .any(|timer| matches!(&timer.then, Some(TimerThen::Transition(then)) if then == name))
    }

    /// Every e-mail template the workflow may send, so the app can check at
    /// start-up that each one exists.
    pub fn mail_templates(&self) -> BTreeSet<&str> {
        let from_transitions = self.transitions.iter().flat_map(|transition| {
            transition.effects.iter().filter_map(|effect| match effect {
                Effect::Mail { template, .. } => Some(template.as_str()),
                _ => None,
            })
        });
        let from_timers = self.timers.iter().flat_map(|timer| {
            let escalation = match &timer.then {
                Some(TimerThen::Escalate(mails)) => mails.as_slice(),
                _ => &[],
            };
            timer
                .mails
                .iter()
                .chain(escalation)
                .map(|mail| mail.template.as_str())
        });
        from_transitions.chain(from_timers).collect()
    }
}

/// Every loaded workflow, all versions, plus which one serves each category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowSet {
    pub(crate) workflows: Vec<Workflow>,
    /// Index into `workflows` of the latest version serving each category,
    /// in [`Category::ALL`] order; complete by construction.
    pub(crate) by_category: [usize; Category::ALL.len()],
}

/// The definitions shipped in the binary.
const EMBEDDED_DEFAULT: &str = include_str!("default_workflows.toml");

impl WorkflowSet {
    /// Parses and validates definitions written in TOML.
    ///
    /// `source_name` (a file name, or `embedded` for the built-in file) only
    /// labels syntax errors so an administrator knows which file to fix.
    ///
    /// # Errors
    /// A [`DefinitionError`] naming the first problem found: TOML syntax,
    /// unknown or unreachable states, duplicates, missing translations, bad
    /// timers or effects, or a category mapped to no or to several workflows.
    pub fn from_toml_str(source_name: &str, text: &str) -> Result<WorkflowSet, DefinitionError> {
        super::load::load_set(source_name, text)
    }

    /// The built-in definitions (`general` and `permit`).
    ///
    /// # Errors
    /// Only if the shipped file were broken, which the tests rule out; the
    /// error is still returned rather than panicking so start-up can report it.
    pub fn embedded_default() -> Result<WorkflowSet, DefinitionError> {
        WorkflowSet::from_toml_str("embedded default_workflows.toml", EMBEDDED_DEFAULT)
    }

    /// Every workflow, every version, in definition order.
    pub fn workflows(&self) -> &[Workflow] {
        &self.workflows
    }

    /// The exact version a request pinned when it started.
    pub fn get(&self, key: &str, version: u32) -> Option<&Workflow> {
        self.workflows
            .iter()
            .find(|workflow| workflow.key == key && workflow.version == version)
    }

    /// The newest version of `key`, which new requests start on.
    pub fn latest(&self, key: &str) -> Option<&Workflow> {
        self.workflows
            .iter()
            .filter(|workflow| workflow.key == key)
            .max_by_key(|workflow| workflow.version)
    }

    /// The latest workflow serving `category`; validation guarantees there is one.
    pub fn for_category(&self, category: Category) -> &Workflow {
        &self.workflows[self.by_category[category.index()]]
    }
}

#[cfg(test)]
mod tests;
