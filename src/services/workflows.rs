//! Reading the workflow definitions in force (for integrations and the staff UI).

use serde::Serialize;
use utoipa::ToSchema;

use super::{Principal, ServiceError, Services};
use crate::workflow::{Language, Localized, Unit, Workflow};

/// A label in every supported language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Labels {
    pub en: String,
    pub cs: String,
    pub uk: String,
}

impl From<&Localized> for Labels {
    fn from(text: &Localized) -> Self {
        Self {
            en: text.get(Language::En).to_owned(),
            cs: text.get(Language::Cs).to_owned(),
            uk: text.get(Language::Uk).to_owned(),
        }
    }
}

/// A state of a workflow.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StateSummary {
    pub name: String,
    /// `open`, `waiting` or `terminal`.
    pub kind: String,
    pub label: Labels,
}

/// A transition of a workflow.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TransitionSummary {
    pub name: String,
    pub from: Vec<String>,
    pub to: String,
    pub roles: Vec<String>,
    /// Inputs it requires: `comment`, `partner`.
    pub needs: Vec<String>,
    pub label: Labels,
}

/// A timer of a workflow.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimerSummary {
    pub name: String,
    pub state: String,
    pub after: u32,
    /// `working_days` or `calendar_days`.
    pub unit: String,
    pub repeat: u32,
}

/// One workflow definition (a key at a version).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkflowSummary {
    pub key: String,
    pub version: u32,
    pub initial: String,
    pub categories: Vec<String>,
    pub states: Vec<StateSummary>,
    pub transitions: Vec<TransitionSummary>,
    pub timers: Vec<TimerSummary>,
}

impl From<&Workflow> for WorkflowSummary {
    fn from(workflow: &Workflow) -> Self {
        Self {
            key: workflow.key().to_owned(),
            version: workflow.version(),
            initial: workflow.initial().to_owned(),
            categories: workflow
                .categories()
                .iter()
                .map(|c| c.code().to_owned())
                .collect(),
            states: workflow
                .states()
                .iter()
                .map(|s| StateSummary {
                    name: s.name.clone(),
                    kind: s.kind.code().to_owned(),
                    label: (&s.label).into(),
                })
                .collect(),
            transitions: workflow
                .transitions()
                .iter()
                .map(|t| TransitionSummary {
                    name: t.name.clone(),
                    from: t.from.clone(),
                    to: t.to.clone(),
                    roles: t.roles.iter().map(|r| r.code().to_owned()).collect(),
                    needs: t.needs().into_iter().map(str::to_owned).collect(),
                    label: (&t.label).into(),
                })
                .collect(),
            timers: workflow
                .timers()
                .iter()
                .map(|t| TimerSummary {
                    name: t.name.clone(),
                    state: t.state.clone(),
                    after: t.after,
                    unit: match t.unit {
                        Unit::WorkingDays => "working_days",
                        Unit::CalendarDays => "calendar_days",
                    }
                    .to_owned(),
                    repeat: t.repeat,
                })
                .collect(),
        }
    }
}

impl Services {
    /// Every workflow definition loaded, including older versions still pinned by requests.
    ///
    /// # Errors
    /// Never for a signed-in user; the principal is required so anonymous callers cannot
    /// read the centre's internal process.
    pub fn list_workflows(&self, _actor: &Principal) -> Result<Vec<WorkflowSummary>, ServiceError> {
        Ok(self
            .workflows()
            .workflows()
            .iter()
            .map(WorkflowSummary::from)
            .collect())
    }

    /// The workflow picture as SVG, with `highlight` (a state) emphasised.
    ///
    /// # Errors
    /// `NotFound` for an unknown key or version.
    pub fn workflow_diagram(
        &self,
        _actor: &Principal,
        key: &str,
        version: u32,
        language: Language,
        highlight: Option<&str>,
    ) -> Result<String, ServiceError> {
        let workflow = self
            .workflows()
            .get(key, version)
            .ok_or(ServiceError::NotFound("workflow"))?;
        Ok(crate::workflow::render_svg(workflow, language, highlight))
    }
}
