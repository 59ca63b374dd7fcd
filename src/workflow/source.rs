//! The TOML file format, exactly as an administrator writes it.
//!
//! It is kept apart from the in-memory model so that the file can stay
//! forgiving to write (`from` as a string or a list, translations as a plain
//! table) while the model stays strict. Unknown keys are rejected so a typo
//! such as `gaurds` is an error, not a silently ignored line.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::definition::{Effect, Guard, MailSpec, StateKind, TimerThen, Unit, Visibility};
use super::vocabulary::Role;

/// The `from` value meaning "every non-terminal state".
pub(crate) const ANY_OPEN: &str = "*open";

/// A whole definitions file: any number of `[[workflow]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceFile {
    #[serde(rename = "workflow", default)]
    pub workflows: Vec<SourceWorkflow>,
}

/// Texts keyed by language code; checked for completeness when loading.
pub(crate) type SourceText = BTreeMap<String, String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceWorkflow {
    pub key: String,
    pub version: u32,
    pub initial: String,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(rename = "state", default)]
    pub states: Vec<SourceState>,
    #[serde(rename = "transition", default)]
    pub transitions: Vec<SourceTransition>,
    #[serde(rename = "timer", default)]
    pub timers: Vec<SourceTimer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceState {
    pub name: String,
    pub kind: StateKind,
    pub label: SourceText,
    pub description: SourceText,
}

/// `from = "triage"`, `from = ["triage", "in_progress"]` or `from = "*open"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum SourceFrom {
    One(String),
    Many(Vec<String>),
}

impl SourceFrom {
    pub fn names(&self) -> &[String] {
        match self {
            SourceFrom::One(name) => std::slice::from_ref(name),
            SourceFrom::Many(names) => names,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceTransition {
    pub name: String,
    pub from: SourceFrom,
    pub to: String,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub guards: Vec<Guard>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    pub label: SourceText,
    #[serde(default)]
    pub visibility: Visibility,
    #[serde(default)]
    pub public_comment: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceTimer {
    pub name: String,
    pub state: String,
    pub after: u32,
    pub unit: Unit,
    #[serde(default)]
    pub repeat: u32,
    #[serde(default)]
    pub mail: Vec<MailSpec>,
    #[serde(default)]
    pub then: Option<TimerThen>,
}
