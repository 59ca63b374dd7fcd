//! Applying transitions: the pure decision at the heart of the app.
//!
//! [`apply`] checks a requested transition against the definition and, if it
//! is allowed, returns an [`Outcome`] describing every change; nothing is
//! written anywhere. Checks run in a fixed order so callers and tests get the
//! most fundamental reason first: unknown transition, then the request's
//! state, then the actor's role, then the guards (request data before input).

use chrono::{DateTime, TimeDelta, Utc};

use super::calendar;
use super::definition::{Effect, Guard, MailSpec, Recipient, StateKind, TransitionDef, Workflow};
use super::outcome::{DueChange, EventKind, EventSpec, Outcome, PartnerChange, ReferralCommand};
use super::timers;
use super::vocabulary::Role;

/// What the engine needs to know about a request, borrowed from its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestSnapshot<'a> {
    /// The current state's name.
    pub state: &'a str,
    /// Whether the request is currently referred to a partner (open referral).
    pub has_partner: bool,
    /// The current due date, if any.
    pub due_at: Option<DateTime<Utc>>,
    /// When the request entered its current state.
    pub state_entered_at: DateTime<Utc>,
}

/// Who is acting; the caller authenticates, the engine only authorises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The actor's role.
    pub role: Role,
    /// For a partner user: whether their organisation is the partner the
    /// request is currently referred to. Ignored for other roles.
    pub is_request_partner: bool,
}

impl Actor {
    /// A centre caseworker.
    pub fn caseworker() -> Actor {
        Actor {
            role: Role::Caseworker,
            is_request_partner: false,
        }
    }

    /// A centre administrator.
    pub fn admin() -> Actor {
        Actor {
            role: Role::Admin,
            is_request_partner: false,
        }
    }

    /// A partner user, who may act only if `is_request_partner`.
    pub fn partner(is_request_partner: bool) -> Actor {
        Actor {
            role: Role::Partner,
            is_request_partner,
        }
    }

    /// The timer runner.
    pub fn system() -> Actor {
        Actor {
            role: Role::System,
            is_request_partner: false,
        }
    }
}

/// What the caller typed along with the transition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransitionInput {
    /// A comment: a reason, what is needed, or the outcome, depending on the guards.
    pub comment: Option<String>,
    /// The slug of the partner to refer to (`needs_partner`).
    pub partner: Option<String>,
}

/// Why a transition cannot be applied now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The workflow has no transition by this name.
    #[error("there is no transition `{name}` in this workflow")]
    UnknownTransition {
        /// The name asked for.
        name: String,
    },
    /// The request's state is not part of its workflow (wrong version pinned or corrupt data).
    #[error("the request is in state `{state}`, which this workflow does not define")]
    UnknownState {
        /// The request's state.
        state: String,
    },
    /// The request is finished; nothing can happen to it any more.
    #[error("the request is {state}, which is final: no transition can be applied")]
    Terminal {
        /// The terminal state.
        state: String,
    },
    /// The transition does not start in the request's state.
    #[error("`{transition}` cannot be applied while the request is in state `{state}`")]
    NotFromState {
        /// The transition.
        transition: String,
        /// The request's state.
        state: String,
    },
    /// The actor's role may not apply this transition (for a partner: or it is
    /// not the partner the request is referred to).
    #[error("a user with role {role} may not apply `{transition}` to this request")]
    RoleNotAllowed {
        /// The transition.
        transition: String,
        /// The actor's role.
        role: Role,
    },
    /// `has_partner`: the request is not referred to any partner.
    #[error("`{transition}` needs the request to be referred to a partner, and it is not")]
    NoPartner {
        /// The transition.
        transition: String,
    },
    /// `no_partner`: the request is already referred to a partner.
    #[error("`{transition}` cannot be applied while the request is referred to a partner")]
    AlreadyReferred {
        /// The transition.
        transition: String,
    },
    /// `needs_partner`: no partner was named.
    #[error("`{transition}` needs the partner to refer the request to")]
    NeedsPartner {
        /// The transition.
        transition: String,
    },
    /// `needs_comment`: no (non-blank) comment was given.
    #[error("`{transition}` needs a comment")]
    NeedsComment {
        /// The transition.
        transition: String,
    },
    /// `needs_outcome`: no (non-blank) outcome was given in the comment.
    #[error("`{transition}` needs the outcome, written in the comment")]
    NeedsOutcome {
        /// The transition.
        transition: String,
    },
}

impl TransitionError {
    /// Whether the error is about *who* acts (HTTP 403) rather than about the
    /// request or the input (HTTP 422).
    pub fn is_forbidden(&self) -> bool {
        matches!(self, TransitionError::RoleNotAllowed { .. })
    }

    /// The input field to blame in a validation problem, if the error is about input.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            TransitionError::NeedsPartner { .. } => Some("partner"),
            TransitionError::NeedsComment { .. } | TransitionError::NeedsOutcome { .. } => {
                Some("comment")
            }
            TransitionError::UnknownTransition { .. } => Some("transition"),
            _ => None,
        }
    }
}

/// Decides everything that applying `transition` to `request` by `actor` changes.
///
/// # Errors
/// A [`TransitionError`]: the transition is unknown, the request is in a
/// terminal or wrong state, the actor's role may not apply it, or a guard
/// fails (no partner / already referred / missing partner, comment or outcome).
pub fn apply(
    workflow: &Workflow,
    request: &RequestSnapshot<'_>,
    transition: &str,
    actor: &Actor,
    input: &TransitionInput,
    now: DateTime<Utc>,
) -> Result<Outcome, TransitionError> {
    let definition =
        workflow
            .transition(transition)
            .ok_or_else(|| TransitionError::UnknownTransition {
                name: transition.to_owned(),
            })?;
    check_applicable(workflow, definition, request, actor)?;
    let input = check_input(definition, input)?;
    Ok(build_outcome(workflow, definition, request, input, now))
}

/// The transitions `actor` may apply to `request` now, in definition order.
///
/// Input guards are not checked (the caller has not typed anything yet); each
/// transition's [`TransitionDef::needs`] tells what it will ask for.
pub fn allowed_transitions<'w>(
    workflow: &'w Workflow,
    request: &RequestSnapshot<'_>,
    actor: &Actor,
) -> Vec<&'w TransitionDef> {
    workflow
        .transitions()
        .iter()
        .filter(|transition| check_applicable(workflow, transition, request, actor).is_ok())
        .collect()
}

/// Every check that does not depend on the caller's input.
fn check_applicable(
    workflow: &Workflow,
    transition: &TransitionDef,
    request: &RequestSnapshot<'_>,
    actor: &Actor,
) -> Result<(), TransitionError> {
    let state = workflow
        .state(request.state)
        .ok_or_else(|| TransitionError::UnknownState {
            state: request.state.to_owned(),
        })?;
    if state.kind == StateKind::Terminal {
        return Err(TransitionError::Terminal {
            state: state.name.clone(),
        });
    }
    if !transition.starts_from(request.state) {
        return Err(TransitionError::NotFromState {
            transition: transition.name.clone(),
            state: request.state.to_owned(),
        });
    }
    if !role_allows(workflow, transition, actor) {
        return Err(TransitionError::RoleNotAllowed {
            transition: transition.name.clone(),
            role: actor.role,
        });
    }
    check_request_guards(transition, request)
}

/// Admins inherit the caseworker's rights; a partner only acts on requests
/// referred to it; the system only applies transitions a timer names.
fn role_allows(workflow: &Workflow, transition: &TransitionDef, actor: &Actor) -> bool {
    let listed = |role| transition.roles.contains(&role);
    match actor.role {
        Role::Admin => listed(Role::Admin) || listed(Role::Caseworker),
        Role::Caseworker => listed(Role::Caseworker),
        Role::Partner => actor.is_request_partner && listed(Role::Partner),
        Role::System => listed(Role::System) && workflow.is_timer_transition(&transition.name),
    }
}

fn check_request_guards(
    transition: &TransitionDef,
    request: &RequestSnapshot<'_>,
) -> Result<(), TransitionError> {
    let name = || transition.name.clone();
    if transition.has_guard(Guard::HasPartner) && !request.has_partner {
        return Err(TransitionError::NoPartner { transition: name() });
    }
    if transition.has_guard(Guard::NoPartner) && request.has_partner {
        return Err(TransitionError::AlreadyReferred { transition: name() });
    }
    Ok(())
}

/// The input once guards passed: blank text counts as absent, text is trimmed.
struct CheckedInput {
    comment: Option<String>,
    partner: Option<String>,
}

fn non_blank(text: Option<&String>) -> Option<String> {
    text.map(|text| text.trim())
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

fn check_input(
    transition: &TransitionDef,
    input: &TransitionInput,
) -> Result<CheckedInput, TransitionError> {
    let name = || transition.name.clone();
    let comment = non_blank(input.comment.as_ref());
    let partner = non_blank(input.partner.as_ref());
    if transition.has_guard(Guard::NeedsPartner) && partner.is_none() {
        return Err(TransitionError::NeedsPartner { transition: name() });
    }
    if transition.has_guard(Guard::NeedsComment) && comment.is_none() {
        return Err(TransitionError::NeedsComment { transition: name() });
    }
    if transition.has_guard(Guard::NeedsOutcome) && comment.is_none() {
        return Err(TransitionError::NeedsOutcome { transition: name() });
    }
    Ok(CheckedInput { comment, partner })
}

fn build_outcome(
    workflow: &Workflow,
    transition: &TransitionDef,
    request: &RequestSnapshot<'_>,
    input: CheckedInput,
    now: DateTime<Utc>,
) -> Outcome {
    let referral = referral_command(transition, request, input.partner);
    let partner = match &referral {
        Some(ReferralCommand::Offer { partner }) => PartnerChange::Set(partner.clone()),
        Some(ReferralCommand::Close { .. }) => PartnerChange::Clear,
        Some(ReferralCommand::Accept) | None => PartnerChange::Keep,
    };
    let partner_involved =
        request.has_partner || matches!(referral, Some(ReferralCommand::Offer { .. }));
    let resolution = transition
        .has_guard(Guard::NeedsOutcome)
        .then(|| input.comment.clone())
        .flatten();
    Outcome {
        from: request.state.to_owned(),
        to: transition.to.clone(),
        transition: transition.name.clone(),
        event: EventSpec {
            kind: EventKind::StateChanged,
            transition: transition.name.clone(),
            from: request.state.to_owned(),
            to: transition.to.clone(),
            comment: input.comment,
            visibility: transition.visibility,
            comment_public: transition.public_comment,
        },
        mails: transition_mails(transition, partner_involved),
        referral,
        timers: timers::plan_on_transition(workflow, transition, request.state, now),
        due_at: due_change(workflow, transition, request, now),
        resolution,
        partner,
    }
}

/// The referral change; closing is a no-op when there is no open referral,
/// so one `cancel` works whether or not the request was referred.
fn referral_command(
    transition: &TransitionDef,
    request: &RequestSnapshot<'_>,
    partner: Option<String>,
) -> Option<ReferralCommand> {
    transition.effects.iter().find_map(|effect| match effect {
        Effect::OfferReferral => partner
            .clone()
            .map(|partner| ReferralCommand::Offer { partner }),
        Effect::AcceptReferral => request.has_partner.then_some(ReferralCommand::Accept),
        Effect::CloseReferral { closure } => request
            .has_partner
            .then_some(ReferralCommand::Close { closure: *closure }),
        _ => None,
    })
}

/// Mail effects, dropping mail to a partner when no partner is involved.
fn transition_mails(transition: &TransitionDef, partner_involved: bool) -> Vec<MailSpec> {
    transition
        .effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Mail { to, template } => Some(MailSpec {
                to: *to,
                template: template.clone(),
            }),
            _ => None,
        })
        .filter(|mail| partner_involved || mail.to != Recipient::Partner)
        .collect()
}

/// The due-date change: an explicit effect wins; otherwise leaving a waiting
/// state pushes the due date back by the time spent waiting, because time
/// spent waiting on the newcomer must not count against the centre's or a
/// partner's deadline.
fn due_change(
    workflow: &Workflow,
    transition: &TransitionDef,
    request: &RequestSnapshot<'_>,
    now: DateTime<Utc>,
) -> DueChange {
    for effect in &transition.effects {
        match effect {
            Effect::SetDue { after, unit } => {
                return DueChange::Set(calendar::add(now, *after, *unit));
            }
            Effect::ClearDue => return DueChange::Clear,
            _ => {}
        }
    }
    let leaves_waiting = transition.to != request.state
        && workflow
            .state(request.state)
            .is_some_and(|state| state.kind == StateKind::Waiting);
    match request.due_at {
        Some(due) if leaves_waiting => {
            let waited = (now - request.state_entered_at).max(TimeDelta::zero());
            DueChange::Set(due + waited)
        }
        _ => DueChange::Keep,
    }
}

/// Why a recorded history does not fit a workflow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// A step does not start where the previous one ended.
    #[error("step {step} starts in `{found}` but the request was in `{expected}`")]
    Discontinuous {
        /// 0-based index of the step.
        step: usize,
        /// Where the request was.
        expected: String,
        /// Where the step claims to start.
        found: String,
    },
    /// No transition of the workflow leads from `from` to `to`.
    #[error("step {step}: no transition leads from `{from}` to `{to}`")]
    NoTransition {
        /// 0-based index of the step.
        step: usize,
        /// Start of the step.
        from: String,
        /// End of the step.
        to: String,
    },
}

/// Replays recorded state changes `(from, to)` from the initial state and
/// returns the state they end in, so a request's state can be checked
/// against (or rebuilt from) its timeline.
///
/// # Errors
/// A [`ReplayError`] if a step does not continue from the previous one or no
/// transition of the workflow makes it.
pub fn replay<'w, S: AsRef<str>>(
    workflow: &'w Workflow,
    steps: &[(S, S)],
) -> Result<&'w str, ReplayError> {
    let mut current = workflow.initial();
    for (step, (from, to)) in steps.iter().enumerate() {
        let (from, to) = (from.as_ref(), to.as_ref());
        if from != current {
            return Err(ReplayError::Discontinuous {
                step,
                expected: current.to_owned(),
                found: from.to_owned(),
            });
        }
        current = workflow
            .transitions()
            .iter()
            .find(|transition| transition.to == to && transition.starts_from(from))
            .map(|transition| transition.to.as_str())
            .ok_or_else(|| ReplayError::NoTransition {
                step,
                from: from.to_owned(),
                to: to.to_owned(),
            })?;
    }
    Ok(current)
}

#[cfg(test)]
mod tests;
