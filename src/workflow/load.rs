//! Turning the TOML source into the strict in-memory model, then validating it.
//!
//! Conversion handles what is about *form* (translations complete, category
//! names known, `*open` expanded); [`super::validate`] handles what is about
//! *meaning* (names resolve, states reachable, timers sensible).

use super::definition::{StateDef, StateKind, TimerDef, TransitionDef, Workflow, WorkflowSet};
use super::source::{
    ANY_OPEN, SourceFile, SourceState, SourceText, SourceTimer, SourceTransition, SourceWorkflow,
};
use super::validate::{self, DefinitionError};
use super::vocabulary::{Category, Language, Localized};

/// Parses, converts and validates a whole definitions file.
pub(crate) fn load_set(source_name: &str, text: &str) -> Result<WorkflowSet, DefinitionError> {
    let file: SourceFile = toml::from_str(text).map_err(|error| DefinitionError::Syntax {
        source_name: source_name.to_owned(),
        message: error.to_string(),
    })?;
    let workflows = file
        .workflows
        .into_iter()
        .map(build_workflow)
        .collect::<Result<Vec<_>, _>>()?;
    for workflow in &workflows {
        validate::check_workflow(workflow)?;
    }
    validate::check_unique_versions(&workflows)?;
    let by_category = validate::map_categories(&workflows)?;
    Ok(WorkflowSet {
        workflows,
        by_category,
    })
}

/// How errors name a workflow: key and version, since several versions coexist.
pub(crate) fn workflow_id(key: &str, version: u32) -> String {
    format!("`{key}` v{version}")
}

fn build_workflow(source: SourceWorkflow) -> Result<Workflow, DefinitionError> {
    let id = workflow_id(&source.key, source.version);
    let states = source
        .states
        .iter()
        .map(|state| build_state(&id, state))
        .collect::<Result<Vec<_>, _>>()?;
    let categories = source
        .categories
        .iter()
        .map(|code| {
            Category::parse(code).ok_or_else(|| DefinitionError::UnknownCategory {
                workflow: id.clone(),
                category: code.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let transitions = source
        .transitions
        .into_iter()
        .map(|transition| build_transition(&id, &states, transition))
        .collect::<Result<Vec<_>, _>>()?;
    let timers = source.timers.into_iter().map(build_timer).collect();
    Ok(Workflow {
        key: source.key,
        version: source.version,
        initial: source.initial,
        categories,
        states,
        transitions,
        timers,
    })
}

fn build_state(workflow: &str, source: &SourceState) -> Result<StateDef, DefinitionError> {
    let item = |what: &str| format!("state `{}` {what}", source.name);
    Ok(StateDef {
        name: source.name.clone(),
        kind: source.kind,
        label: localize(workflow, &item("label"), &source.label)?,
        description: localize(workflow, &item("description"), &source.description)?,
    })
}

fn build_transition(
    workflow: &str,
    states: &[StateDef],
    source: SourceTransition,
) -> Result<TransitionDef, DefinitionError> {
    let item = format!("transition `{}` label", source.name);
    let label = localize(workflow, &item, &source.label)?;
    let (from, from_any_open) = expand_from(states, source.from.names());
    Ok(TransitionDef {
        name: source.name,
        from,
        from_any_open,
        to: source.to,
        roles: source.roles,
        guards: source.guards,
        effects: source.effects,
        label,
        visibility: source.visibility,
        public_comment: source.public_comment,
    })
}

/// Replaces `*open` by every non-terminal state; other names are kept as
/// written (even unknown ones, so validation can name them).
fn expand_from(states: &[StateDef], names: &[String]) -> (Vec<String>, bool) {
    let any_open = names.iter().any(|name| name == ANY_OPEN);
    let open_states = states
        .iter()
        .filter(|state| any_open && state.kind != StateKind::Terminal)
        .map(|state| state.name.clone());
    let explicit = names.iter().filter(|name| *name != ANY_OPEN).cloned();
    let mut from: Vec<String> = Vec::new();
    for name in open_states.chain(explicit) {
        if !from.contains(&name) {
            from.push(name);
        }
    }
    (from, any_open)
}

fn build_timer(source: SourceTimer) -> TimerDef {
    TimerDef {
        name: source.name,
        state: source.state,
        after: source.after,
        unit: source.unit,
        repeat: source.repeat,
        mails: source.mail,
        then: source.then,
    }
}

/// Requires a non-blank text for every language and no text for a language
/// the centre does not serve (most likely a typo such as `ua` for `uk`).
fn localize(workflow: &str, item: &str, text: &SourceText) -> Result<Localized, DefinitionError> {
    if let Some(code) = text.keys().find(|code| Language::parse(code).is_none()) {
        return Err(DefinitionError::UnknownLanguage {
            workflow: workflow.to_owned(),
            item: item.to_owned(),
            code: code.clone(),
        });
    }
    let [en, cs, uk] = Language::ALL.map(|language| {
        text.get(language.code())
            .map(|value| value.trim())
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| DefinitionError::MissingTranslation {
                workflow: workflow.to_owned(),
                item: item.to_owned(),
                language,
            })
    });
    Ok(Localized::new(en?, cs?, uk?))
}
