//! The workflow-state engine: workflows as data, transitions as pure decisions.
//!
//! A request follows one pinned version of a [`Workflow`]: named states
//! (open, waiting on the newcomer, or terminal), transitions between them
//! (who may apply them, what they need, what they cause) and timers
//! (reminders and automatic steps while a request sits in a state).
//! Definitions are TOML ([`WorkflowSet::from_toml_str`]; the defaults are
//! embedded, see [`WorkflowSet::embedded_default`]) and are validated when
//! loaded, so a broken definition stops start-up with a precise message.
//!
//! Everything here is pure: no I/O, no database, no clock (the current time
//! is always a parameter), no randomness. [`apply`] and [`fire_timer`] return
//! plain data ([`Outcome`], [`TimerOutcome`]) that the services layer writes
//! in one database transaction. That keeps the rules testable in isolation
//! and lets several app instances agree on them.
//!
//! Deadlines are counted on the Czech working-day calendar in Europe/Prague
//! time ([`calendar`]); time spent waiting on the newcomer does not count
//! against a due date (see [`Outcome::due_at`]). [`diagram::render_svg`]
//! draws a workflow for people.
#![warn(missing_docs)]

pub mod calendar;
pub mod definition;
pub mod diagram;
pub mod engine;
mod load;
pub mod outcome;
mod source;
pub mod timers;
mod validate;
pub mod vocabulary;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod test_support;

pub use definition::{
    Effect, Guard, MailSpec, Recipient, ReferralClosure, StateDef, StateKind, TimerDef, TimerThen,
    TransitionDef, Unit, Visibility, Workflow, WorkflowSet,
};
pub use diagram::render_svg;
pub use engine::{
    Actor, ReplayError, RequestSnapshot, TransitionError, TransitionInput, allowed_transitions,
    apply, replay,
};
pub use outcome::{
    DueChange, EventKind, EventSpec, Outcome, PartnerChange, ReferralCommand, ScheduledTimer,
    TimerPlan,
};
pub use timers::{TimerError, TimerOutcome, fire_timer};
pub use validate::DefinitionError;
pub use vocabulary::{Category, Language, Localized, Role};
