//! Timers: follow-ups that run while a request sits in one state.
//!
//! The life of a timer with `repeat = r`, `after = d`:
//!
//! * Entering its state schedules fire 1, due `d` after entering.
//! * Fires `1..=r` are reminders: they send the timer's mails and schedule the
//!   next fire `d` later, while fires remain (`k < r`, or `k == r` and there
//!   is a `then` step).
//! * Fire `r + 1` exists only with a `then` step and runs it once: either a
//!   transition applied as [`Role::System`](super::Role::System) through
//!   [`apply`], or escalation mails. With `repeat = 0` that is fire 1, so
//!   "close 14 days after resolving" is one timer with one fire.
//! * Leaving the state cancels every pending fire. A fire that was due anyway
//!   (a race with a caseworker) finds the request in another state and is
//!   reported [`TimerOutcome::Stale`]: nothing to do.

use chrono::{DateTime, Utc};

use super::calendar;
use super::definition::{
    Effect, MailSpec, Recipient, TimerDef, TimerThen, TransitionDef, Workflow,
};
use super::engine::{Actor, RequestSnapshot, TransitionError, TransitionInput, apply};
use super::outcome::{Outcome, ScheduledTimer, TimerPlan};

/// What running one due timer fire decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimerOutcome {
    /// The request left the timer's state; drop the fire, change nothing.
    Stale,
    /// A reminder: send the mails, store the next fire if any.
    Reminded {
        /// E-mails to put in the outbox.
        mails: Vec<MailSpec>,
        /// The following fire, if the timer has more to do.
        next: Option<ScheduledTimer>,
    },
    /// The final escalation: send the mails; the timer is done.
    Escalated {
        /// E-mails to put in the outbox.
        mails: Vec<MailSpec>,
    },
    /// The final step applied a transition as the system; store it like any other.
    Transitioned(Box<Outcome>),
}

/// Why a timer fire could not be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    /// The workflow has no timer by this name (stored fire from another version?).
    #[error("there is no timer `{name}` in this workflow")]
    UnknownTimer {
        /// The name asked for.
        name: String,
    },
    /// The timer never schedules a fire with this number.
    #[error("timer `{timer}` has no fire number {fire_number}")]
    NoSuchFire {
        /// The timer.
        timer: String,
        /// The fire number asked for.
        fire_number: u32,
    },
    /// The `then` transition was refused (should not happen with a validated definition).
    #[error("timer transition refused: {0}")]
    Transition(#[from] TransitionError),
}

/// The timer changes of a transition: leaving a state cancels its timers and
/// entering one starts its timers; a self-loop does neither unless its
/// effects say `cancel_timers` / `start_timer`.
pub(crate) fn plan_on_transition(
    workflow: &Workflow,
    transition: &TransitionDef,
    from_state: &str,
    now: DateTime<Utc>,
) -> TimerPlan {
    let state_changed = transition.to != from_state;
    let mut started: Vec<&TimerDef> = Vec::new();
    if state_changed {
        started.extend(workflow.timers_of_state(&transition.to));
    }
    for effect in &transition.effects {
        if let Effect::StartTimer { timer } = effect
            && let Some(timer) = workflow.timer(timer)
            && !started.iter().any(|already| already.name == timer.name)
        {
            started.push(timer);
        }
    }
    TimerPlan {
        cancel_pending: state_changed || transition.effects.contains(&Effect::CancelTimers),
        schedule: started
            .into_iter()
            .map(|timer| schedule_fire(timer, 1, now))
            .collect(),
    }
}

fn schedule_fire(timer: &TimerDef, fire_number: u32, from: DateTime<Utc>) -> ScheduledTimer {
    ScheduledTimer {
        name: timer.name.clone(),
        due_at: calendar::add(from, timer.after, timer.unit),
        fire_number,
    }
}

/// Runs fire number `fire_number` (1-based) of timer `timer_name`, acting as
/// the system, at `now` (the time it runs, from which the next fire is counted).
///
/// # Errors
/// [`TimerError::UnknownTimer`] or [`TimerError::NoSuchFire`] for a fire the
/// definition never schedules, and [`TimerError::Transition`] if the `then`
/// transition is refused.
pub fn fire_timer(
    workflow: &Workflow,
    request: &RequestSnapshot<'_>,
    timer_name: &str,
    fire_number: u32,
    now: DateTime<Utc>,
) -> Result<TimerOutcome, TimerError> {
    let timer = workflow
        .timer(timer_name)
        .ok_or_else(|| TimerError::UnknownTimer {
            name: timer_name.to_owned(),
        })?;
    if request.state != timer.state {
        return Ok(TimerOutcome::Stale);
    }
    if (1..=timer.repeat).contains(&fire_number) {
        return Ok(remind(timer, request, fire_number, now));
    }
    match &timer.then {
        Some(then) if timer.then_fire_number() == Some(fire_number) => {
            run_then(workflow, request, then, now)
        }
        _ => Err(TimerError::NoSuchFire {
            timer: timer.name.clone(),
            fire_number,
        }),
    }
}

fn remind(
    timer: &TimerDef,
    request: &RequestSnapshot<'_>,
    fire_number: u32,
    now: DateTime<Utc>,
) -> TimerOutcome {
    let more = fire_number < timer.repeat || timer.then.is_some();
    TimerOutcome::Reminded {
        mails: deliverable(&timer.mails, request),
        next: more.then(|| schedule_fire(timer, fire_number + 1, now)),
    }
}

fn run_then(
    workflow: &Workflow,
    request: &RequestSnapshot<'_>,
    then: &TimerThen,
    now: DateTime<Utc>,
) -> Result<TimerOutcome, TimerError> {
    match then {
        TimerThen::Transition(name) => {
            let input = TransitionInput::default();
            let outcome = apply(workflow, request, name, &Actor::system(), &input, now)?;
            Ok(TimerOutcome::Transitioned(Box::new(outcome)))
        }
        TimerThen::Escalate(mails) => Ok(TimerOutcome::Escalated {
            mails: deliverable(mails, request),
        }),
    }
}

/// Drops mail to the partner when the request has none, as transitions do.
fn deliverable(mails: &[MailSpec], request: &RequestSnapshot<'_>) -> Vec<MailSpec> {
    mails
        .iter()
        .filter(|mail| request.has_partner || mail.to != Recipient::Partner)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests;
