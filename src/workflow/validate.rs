//! Load-time checks of workflow definitions.
//!
//! Everything the engine later takes for granted is proven here once, so a
//! broken definition stops the app at start-up with a message naming the
//! workflow, state, transition or timer to fix, instead of failing a
//! caseworker's click weeks later.

use std::collections::{BTreeSet, VecDeque};

use super::definition::{Effect, Guard, StateKind, TimerDef, TimerThen, TransitionDef, Workflow};
use super::load::workflow_id;
use super::vocabulary::{Category, Language, Role};

/// Why a set of workflow definitions was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    /// The file is not valid TOML or does not have the expected shape.
    #[error("{source_name}: {message}")]
    Syntax {
        /// The file (or `embedded …`) that was being read.
        source_name: String,
        /// The TOML parser's message, with line and column.
        message: String,
    },
    /// Two workflows share a key and a version, so a pinned request would be ambiguous.
    #[error("workflow {workflow} is defined twice")]
    DuplicateWorkflow {
        /// Key and version.
        workflow: String,
    },
    /// Two states share a name.
    #[error("workflow {workflow}: state `{state}` is defined twice")]
    DuplicateState {
        /// Key and version.
        workflow: String,
        /// The repeated name.
        state: String,
    },
    /// Two transitions share a name.
    #[error("workflow {workflow}: transition `{transition}` is defined twice")]
    DuplicateTransition {
        /// Key and version.
        workflow: String,
        /// The repeated name.
        transition: String,
    },
    /// Two timers share a name.
    #[error("workflow {workflow}: timer `{timer}` is defined twice")]
    DuplicateTimer {
        /// Key and version.
        workflow: String,
        /// The repeated name.
        timer: String,
    },
    /// A name used as a state does not match any defined state.
    #[error("workflow {workflow}: {place} names unknown state `{state}`")]
    UnknownState {
        /// Key and version.
        workflow: String,
        /// Where the name appears, e.g. "transition `refer` (to)".
        place: String,
        /// The unknown name.
        state: String,
    },
    /// No sequence of transitions leads from the initial state to this one.
    #[error("workflow {workflow}: state `{state}` cannot be reached from the initial state")]
    UnreachableState {
        /// Key and version.
        workflow: String,
        /// The unreachable state.
        state: String,
    },
    /// A transition starts in a terminal state, which would make it not terminal.
    #[error("workflow {workflow}: transition `{transition}` leaves terminal state `{state}`")]
    TransitionFromTerminal {
        /// Key and version.
        workflow: String,
        /// The offending transition.
        transition: String,
        /// The terminal state it starts from.
        state: String,
    },
    /// A label or description lacks a language every newcomer may have chosen.
    #[error("workflow {workflow}: {item} has no `{language}` text")]
    MissingTranslation {
        /// Key and version.
        workflow: String,
        /// Which text, e.g. "state `new` description".
        item: String,
        /// The missing language.
        language: Language,
    },
    /// A text is given for a language code the centre does not serve (likely a typo).
    #[error("workflow {workflow}: {item} has a text for unknown language `{code}`")]
    UnknownLanguage {
        /// Key and version.
        workflow: String,
        /// Which text.
        item: String,
        /// The unknown code.
        code: String,
    },
    /// A timer runs in a terminal state, where nothing may happen any more.
    #[error("workflow {workflow}: timer `{timer}` runs in terminal state `{state}`")]
    TimerOnTerminalState {
        /// Key and version.
        workflow: String,
        /// The timer.
        timer: String,
        /// Its terminal state.
        state: String,
    },
    /// A timer's `then` names a transition that does not exist.
    #[error("workflow {workflow}: timer `{timer}` names unknown transition `{transition}`")]
    TimerUnknownTransition {
        /// Key and version.
        workflow: String,
        /// The timer.
        timer: String,
        /// The unknown name.
        transition: String,
    },
    /// A timer's `then` transition cannot start in the timer's state, so it would always fail.
    #[error(
        "workflow {workflow}: timer `{timer}` runs in `{state}` but transition `{transition}` does not start there"
    )]
    TimerTransitionNotFromState {
        /// Key and version.
        workflow: String,
        /// The timer.
        timer: String,
        /// Its `then` transition.
        transition: String,
        /// The timer's state.
        state: String,
    },
    /// A timer's `then` transition does not list the `system` role.
    #[error(
        "workflow {workflow}: timer `{timer}` applies transition `{transition}`, which does not list role `system`"
    )]
    TimerTransitionNotForSystem {
        /// Key and version.
        workflow: String,
        /// The timer.
        timer: String,
        /// Its `then` transition.
        transition: String,
    },
    /// A timer's `then` transition needs input (a comment or partner) the system cannot give.
    #[error(
        "workflow {workflow}: timer `{timer}` applies transition `{transition}`, which needs input the system cannot give"
    )]
    TimerTransitionNeedsInput {
        /// Key and version.
        workflow: String,
        /// The timer.
        timer: String,
        /// Its `then` transition.
        transition: String,
    },
    /// A timer with no reminders and no `then` step would never do anything.
    #[error(
        "workflow {workflow}: timer `{timer}` has `repeat = 0` and no `then`, so it does nothing"
    )]
    TimerDoesNothing {
        /// Key and version.
        workflow: String,
        /// The timer.
        timer: String,
    },
    /// A transition lists role `system` although no timer applies it.
    #[error(
        "workflow {workflow}: transition `{transition}` lists role `system` but no timer applies it"
    )]
    SystemWithoutTimer {
        /// Key and version.
        workflow: String,
        /// The transition.
        transition: String,
    },
    /// A `start_timer` effect names a timer that does not exist.
    #[error("workflow {workflow}: transition `{transition}` starts unknown timer `{timer}`")]
    UnknownTimer {
        /// Key and version.
        workflow: String,
        /// The transition.
        transition: String,
        /// The unknown name.
        timer: String,
    },
    /// A `start_timer` effect starts a timer of another state, which would be stale at once.
    #[error(
        "workflow {workflow}: transition `{transition}` starts timer `{timer}` of state `{state}` but leads elsewhere"
    )]
    TimerStartedOutsideItsState {
        /// Key and version.
        workflow: String,
        /// The transition.
        transition: String,
        /// The timer.
        timer: String,
        /// The timer's state.
        state: String,
    },
    /// An effect relies on input or request data that no guard ensures.
    #[error(
        "workflow {workflow}: transition `{transition}` has effect `{effect}` but not guard `{guard}`"
    )]
    EffectNeedsGuard {
        /// Key and version.
        workflow: String,
        /// The transition.
        transition: String,
        /// The effect.
        effect: &'static str,
        /// The guard it needs.
        guard: &'static str,
    },
    /// Two effects of one transition contradict each other.
    #[error("workflow {workflow}: transition `{transition}` has more than one {what} effect")]
    ConflictingEffects {
        /// Key and version.
        workflow: String,
        /// The transition.
        transition: String,
        /// "referral" or "due date".
        what: &'static str,
    },
    /// A category name that the contract does not know.
    #[error("workflow {workflow}: unknown category `{category}`")]
    UnknownCategory {
        /// Key and version.
        workflow: String,
        /// The unknown name.
        category: String,
    },
    /// Two different workflows claim the same category.
    #[error("category `{category}` is served by both workflow `{first}` and workflow `{second}`")]
    CategoryMappedTwice {
        /// The category.
        category: Category,
        /// The first workflow key claiming it.
        first: String,
        /// The second.
        second: String,
    },
    /// No workflow serves a category, so requests in it could not be created.
    #[error("category `{category}` is served by no workflow")]
    CategoryUnmapped {
        /// The category.
        category: Category,
    },
}

/// Runs every per-workflow check, in an order where later checks may assume
/// earlier ones passed (names are unique and resolve before reachability).
pub(crate) fn check_workflow(workflow: &Workflow) -> Result<(), DefinitionError> {
    let id = workflow_id(&workflow.key, workflow.version);
    check_unique_names(&id, workflow)?;
    check_state_names(&id, workflow)?;
    check_terminal_exits(&id, workflow)?;
    for timer in &workflow.timers {
        check_timer(&id, workflow, timer)?;
    }
    for transition in &workflow.transitions {
        check_effects(&id, workflow, transition)?;
        check_system_role(&id, workflow, transition)?;
    }
    check_reachability(&id, workflow)
}

fn first_duplicate<'a>(names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = BTreeSet::new();
    names.into_iter().find(|name| !seen.insert(*name))
}

fn check_unique_names(id: &str, workflow: &Workflow) -> Result<(), DefinitionError> {
    let workflow_name = || id.to_owned();
    if let Some(state) = first_duplicate(workflow.states.iter().map(|s| s.name.as_str())) {
        return Err(DefinitionError::DuplicateState {
            workflow: workflow_name(),
            state: state.to_owned(),
        });
    }
    if let Some(transition) = first_duplicate(workflow.transitions.iter().map(|t| t.name.as_str()))
    {
        return Err(DefinitionError::DuplicateTransition {
            workflow: workflow_name(),
            transition: transition.to_owned(),
        });
    }
    if let Some(timer) = first_duplicate(workflow.timers.iter().map(|t| t.name.as_str())) {
        return Err(DefinitionError::DuplicateTimer {
            workflow: workflow_name(),
            timer: timer.to_owned(),
        });
    }
    Ok(())
}

/// Every place a state is named, with a description of the place for errors.
fn state_references(workflow: &Workflow) -> Vec<(String, &str)> {
    let mut references = vec![("the initial state".to_owned(), workflow.initial.as_str())];
    for transition in &workflow.transitions {
        for from in &transition.from {
            references.push((format!("transition `{}` (from)", transition.name), from));
        }
        references.push((
            format!("transition `{}` (to)", transition.name),
            &transition.to,
        ));
    }
    for timer in &workflow.timers {
        references.push((format!("timer `{}`", timer.name), &timer.state));
    }
    references
}

fn check_state_names(id: &str, workflow: &Workflow) -> Result<(), DefinitionError> {
    match state_references(workflow)
        .into_iter()
        .find(|(_, state)| workflow.state(state).is_none())
    {
        Some((place, state)) => Err(DefinitionError::UnknownState {
            workflow: id.to_owned(),
            place,
            state: state.to_owned(),
        }),
        None => Ok(()),
    }
}

fn is_terminal(workflow: &Workflow, state: &str) -> bool {
    workflow
        .state(state)
        .is_some_and(|state| state.kind == StateKind::Terminal)
}

fn check_terminal_exits(id: &str, workflow: &Workflow) -> Result<(), DefinitionError> {
    for transition in &workflow.transitions {
        if let Some(state) = transition
            .from
            .iter()
            .find(|from| is_terminal(workflow, from))
        {
            return Err(DefinitionError::TransitionFromTerminal {
                workflow: id.to_owned(),
                transition: transition.name.clone(),
                state: state.clone(),
            });
        }
    }
    Ok(())
}

fn check_timer(id: &str, workflow: &Workflow, timer: &TimerDef) -> Result<(), DefinitionError> {
    let workflow_name = id.to_owned();
    let timer_name = timer.name.clone();
    if is_terminal(workflow, &timer.state) {
        return Err(DefinitionError::TimerOnTerminalState {
            workflow: workflow_name,
            timer: timer_name,
            state: timer.state.clone(),
        });
    }
    match &timer.then {
        None if timer.repeat == 0 => Err(DefinitionError::TimerDoesNothing {
            workflow: workflow_name,
            timer: timer_name,
        }),
        Some(TimerThen::Transition(name)) => match workflow.transition(name) {
            None => Err(DefinitionError::TimerUnknownTransition {
                workflow: workflow_name,
                timer: timer_name,
                transition: name.clone(),
            }),
            Some(transition) if !transition.starts_from(&timer.state) => {
                Err(DefinitionError::TimerTransitionNotFromState {
                    workflow: workflow_name,
                    timer: timer_name,
                    transition: name.clone(),
                    state: timer.state.clone(),
                })
            }
            Some(transition) if !transition.roles.contains(&Role::System) => {
                Err(DefinitionError::TimerTransitionNotForSystem {
                    workflow: workflow_name,
                    timer: timer_name,
                    transition: name.clone(),
                })
            }
            Some(transition) if !transition.needs().is_empty() => {
                Err(DefinitionError::TimerTransitionNeedsInput {
                    workflow: workflow_name,
                    timer: timer_name,
                    transition: name.clone(),
                })
            }
            Some(_) => Ok(()),
        },
        _ => Ok(()),
    }
}

fn check_system_role(
    id: &str,
    workflow: &Workflow,
    transition: &TransitionDef,
) -> Result<(), DefinitionError> {
    if transition.roles.contains(&Role::System) && !workflow.is_timer_transition(&transition.name) {
        return Err(DefinitionError::SystemWithoutTimer {
            workflow: id.to_owned(),
            transition: transition.name.clone(),
        });
    }
    Ok(())
}

fn check_effects(
    id: &str,
    workflow: &Workflow,
    transition: &TransitionDef,
) -> Result<(), DefinitionError> {
    for effect in &transition.effects {
        check_effect_guard(id, transition, effect)?;
        if let Effect::StartTimer { timer } = effect {
            check_started_timer(id, workflow, transition, timer)?;
        }
    }
    check_effect_conflicts(id, transition)
}

fn check_effect_guard(
    id: &str,
    transition: &TransitionDef,
    effect: &Effect,
) -> Result<(), DefinitionError> {
    let needed = match effect {
        Effect::OfferReferral => Some((Guard::NeedsPartner, "needs_partner")),
        Effect::AcceptReferral => Some((Guard::HasPartner, "has_partner")),
        _ => None,
    };
    match needed {
        Some((guard, guard_name)) if !transition.has_guard(guard) => {
            Err(DefinitionError::EffectNeedsGuard {
                workflow: id.to_owned(),
                transition: transition.name.clone(),
                effect: effect.code(),
                guard: guard_name,
            })
        }
        _ => Ok(()),
    }
}

fn check_started_timer(
    id: &str,
    workflow: &Workflow,
    transition: &TransitionDef,
    timer: &str,
) -> Result<(), DefinitionError> {
    match workflow.timer(timer) {
        None => Err(DefinitionError::UnknownTimer {
            workflow: id.to_owned(),
            transition: transition.name.clone(),
            timer: timer.to_owned(),
        }),
        Some(def) if def.state != transition.to => {
            Err(DefinitionError::TimerStartedOutsideItsState {
                workflow: id.to_owned(),
                transition: transition.name.clone(),
                timer: timer.to_owned(),
                state: def.state.clone(),
            })
        }
        Some(_) => Ok(()),
    }
}

fn check_effect_conflicts(id: &str, transition: &TransitionDef) -> Result<(), DefinitionError> {
    let count =
        |matches: fn(&Effect) -> bool| transition.effects.iter().filter(|e| matches(e)).count();
    let referral = count(|effect| {
        matches!(
            effect,
            Effect::OfferReferral | Effect::AcceptReferral | Effect::CloseReferral { .. }
        )
    });
    let due = count(|effect| matches!(effect, Effect::SetDue { .. } | Effect::ClearDue));
    let what = match (referral > 1, due > 1) {
        (true, _) => "referral",
        (_, true) => "due date",
        _ => return Ok(()),
    };
    Err(DefinitionError::ConflictingEffects {
        workflow: id.to_owned(),
        transition: transition.name.clone(),
        what,
    })
}

fn check_reachability(id: &str, workflow: &Workflow) -> Result<(), DefinitionError> {
    let depths = state_depths(workflow, |_| true);
    match workflow
        .states
        .iter()
        .find(|state| !depths.iter().any(|(name, _)| *name == state.name))
    {
        Some(state) => Err(DefinitionError::UnreachableState {
            workflow: id.to_owned(),
            state: state.name.clone(),
        }),
        None => Ok(()),
    }
}

/// Breadth-first distance from the initial state of every state reachable
/// through the transitions `follow` accepts, in the order they are discovered
/// (used for reachability and for the diagram's rows).
pub(crate) fn state_depths(
    workflow: &Workflow,
    follow: impl Fn(&TransitionDef) -> bool,
) -> Vec<(&str, usize)> {
    let mut depths: Vec<(&str, usize)> = vec![(workflow.initial.as_str(), 0)];
    let mut queue = VecDeque::from([(workflow.initial.as_str(), 0)]);
    while let Some((state, depth)) = queue.pop_front() {
        let targets = workflow
            .transitions
            .iter()
            .filter(|transition| follow(transition) && transition.starts_from(state))
            .map(|transition| transition.to.as_str());
        for target in targets {
            if !depths.iter().any(|(name, _)| *name == target) {
                depths.push((target, depth + 1));
                queue.push_back((target, depth + 1));
            }
        }
    }
    depths
}

/// Refuses two workflows with the same key and version.
pub(crate) fn check_unique_versions(workflows: &[Workflow]) -> Result<(), DefinitionError> {
    let ids: Vec<String> = workflows
        .iter()
        .map(|workflow| workflow_id(&workflow.key, workflow.version))
        .collect();
    match first_duplicate(ids.iter().map(String::as_str)) {
        Some(workflow) => Err(DefinitionError::DuplicateWorkflow {
            workflow: workflow.to_owned(),
        }),
        None => Ok(()),
    }
}

fn is_latest(workflows: &[Workflow], workflow: &Workflow) -> bool {
    workflows
        .iter()
        .all(|other| other.key != workflow.key || other.version <= workflow.version)
}

/// Maps every category to the latest version of the one workflow key serving
/// it. Older versions' categories are ignored: they only serve requests that
/// pinned them, and new requests always start on the latest version.
pub(crate) fn map_categories(
    workflows: &[Workflow],
) -> Result<[usize; Category::ALL.len()], DefinitionError> {
    let mut owners: [Option<usize>; Category::ALL.len()] = [None; Category::ALL.len()];
    for (index, workflow) in workflows.iter().enumerate() {
        if !is_latest(workflows, workflow) {
            continue;
        }
        for category in &workflow.categories {
            let owner = &mut owners[category.index()];
            match *owner {
                Some(first) if workflows[first].key != workflow.key => {
                    return Err(DefinitionError::CategoryMappedTwice {
                        category: *category,
                        first: workflows[first].key.clone(),
                        second: workflow.key.clone(),
                    });
                }
                Some(_) => {}
                None => *owner = Some(index),
            }
        }
    }
    let mut mapped = [0; Category::ALL.len()];
    for category in Category::ALL {
        mapped[category.index()] =
            owners[category.index()].ok_or(DefinitionError::CategoryUnmapped { category })?;
    }
    Ok(mapped)
}

#[cfg(test)]
mod tests;
