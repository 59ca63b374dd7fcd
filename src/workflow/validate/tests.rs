//! One small broken definition per validation error.

use super::DefinitionError;
use crate::workflow::{Category, Language, WorkflowSet};

/// A tiny valid workflow serving every category; tests break it one way each.
pub(crate) const MINI: &str = r#"
[[workflow]]
key = "mini"
version = 1
initial = "open"
categories = [
  "residence_permit", "work_permit", "registration", "housing", "job",
  "health_insurance", "education", "language_course", "business", "family", "other",
]

[[workflow.state]]
name = "open"
kind = "open"
label = { en = "Open", cs = "Otevřeno", uk = "Відкрито" }
description = { en = "Being handled.", cs = "Řeší se.", uk = "Розглядається." }

[[workflow.state]]
name = "waiting"
kind = "waiting"
label = { en = "Waiting", cs = "Čeká se", uk = "Очікування" }
description = { en = "Send us the papers.", cs = "Pošlete nám doklady.", uk = "Надішліть нам документи." }

[[workflow.state]]
name = "done"
kind = "terminal"
label = { en = "Done", cs = "Hotovo", uk = "Готово" }
description = { en = "Nothing more to do.", cs = "Už není co dělat.", uk = "Більше нічого не потрібно." }

[[workflow.transition]]
name = "ask"
from = "open"
to = "waiting"
roles = ["caseworker"]
label = { en = "Ask", cs = "Zeptat se", uk = "Запитати" }

[[workflow.transition]]
name = "answered"
from = "waiting"
to = "open"
roles = ["caseworker"]
label = { en = "Answered", cs = "Zodpovězeno", uk = "Отримано відповідь" }

[[workflow.transition]]
name = "finish"
from = "*open"
to = "done"
roles = ["caseworker", "system"]
label = { en = "Finish", cs = "Dokončit", uk = "Завершити" }

[[workflow.timer]]
name = "nudge"
state = "waiting"
after = 2
unit = "working_days"
repeat = 1
mail = [{ to = "newcomer", template = "nudge" }]
then = { transition = "finish" }
"#;

fn load(text: &str) -> Result<WorkflowSet, DefinitionError> {
    WorkflowSet::from_toml_str("test.toml", text)
}

/// MINI with `from` replaced by `to` (which must occur), expected to fail.
fn broken(from: &str, to: &str) -> DefinitionError {
    assert!(MINI.contains(from), "the base definition contains {from:?}");
    match load(&MINI.replacen(from, to, 1)) {
        Ok(_) => panic!("replacing {from:?} by {to:?} should break the definition"),
        Err(error) => error,
    }
}

/// MINI with `extra` appended (extra tables belong to the `mini` workflow).
fn with(extra: &str) -> DefinitionError {
    match load(&format!("{MINI}\n{extra}")) {
        Ok(_) => panic!("adding {extra:?} should break the definition"),
        Err(error) => error,
    }
}

fn workflow(key: &str, version: u32, categories: &str) -> String {
    format!(
        r#"
[[workflow]]
key = "{key}"
version = {version}
initial = "only"
categories = [{categories}]

[[workflow.state]]
name = "only"
kind = "open"
label = {{ en = "Only", cs = "Jediný", uk = "Єдиний" }}
description = {{ en = "-", cs = "-", uk = "-" }}
"#
    )
}

fn mini() -> String {
    "`mini` v1".to_owned()
}

#[test]
fn the_base_definition_is_valid() {
    let set = load(MINI).expect("valid");
    assert_eq!(set.for_category(Category::Housing).key(), "mini");
}

#[test]
fn a_toml_syntax_error_names_the_file() {
    let error = broken(r#"key = "mini""#, "key = mini");
    assert!(
        matches!(&error, DefinitionError::Syntax { source_name, .. } if source_name == "test.toml")
    );
    assert!(error.to_string().starts_with("test.toml: "), "{error}");
}

#[test]
fn a_misspelt_key_is_a_syntax_error_not_ignored() {
    let error = broken(
        r#"roles = ["caseworker"]"#,
        "roles = [\"caseworker\"]\ngaurds = []",
    );
    assert!(error.to_string().contains("gaurds"), "{error}");
}

#[test]
fn an_unknown_role_is_a_syntax_error() {
    let error = broken(r#"roles = ["caseworker"]"#, r#"roles = ["clerk"]"#);
    assert!(error.to_string().contains("clerk"), "{error}");
}

#[test]
fn a_transition_to_an_unknown_state_is_refused() {
    assert_eq!(
        broken(r#"to = "waiting""#, r#"to = "wating""#),
        DefinitionError::UnknownState {
            workflow: mini(),
            place: "transition `ask` (to)".into(),
            state: "wating".into(),
        }
    );
}

#[test]
fn a_transition_from_an_unknown_state_is_refused() {
    let error = broken(r#"from = "waiting""#, r#"from = ["wating"]"#);
    assert_eq!(
        error.to_string(),
        "workflow `mini` v1: transition `answered` (from) names unknown state `wating`"
    );
}

#[test]
fn an_unknown_initial_state_is_refused() {
    assert!(matches!(
        broken(r#"initial = "open""#, r#"initial = "opened""#),
        DefinitionError::UnknownState { place, state, .. }
            if place == "the initial state" && state == "opened"
    ));
}

#[test]
fn a_timer_in_an_unknown_state_is_refused() {
    assert!(matches!(
        broken(r#"state = "waiting""#, r#"state = "nowhere""#),
        DefinitionError::UnknownState { place, .. } if place == "timer `nudge`"
    ));
}

#[test]
fn a_state_nothing_leads_to_is_unreachable() {
    let error = with(
        r#"
[[workflow.state]]
name = "limbo"
kind = "open"
label = { en = "Limbo", cs = "Limbo", uk = "Лімбо" }
description = { en = "-", cs = "-", uk = "-" }
"#,
    );
    assert_eq!(
        error,
        DefinitionError::UnreachableState {
            workflow: mini(),
            state: "limbo".into()
        }
    );
    assert!(error.to_string().contains("cannot be reached"));
}

#[test]
fn a_transition_out_of_a_terminal_state_is_refused() {
    let error = with(
        r#"
[[workflow.transition]]
name = "undo"
from = ["done"]
to = "open"
roles = ["admin"]
label = { en = "Undo", cs = "Vrátit", uk = "Скасувати" }
"#,
    );
    assert_eq!(
        error,
        DefinitionError::TransitionFromTerminal {
            workflow: mini(),
            transition: "undo".into(),
            state: "done".into(),
        }
    );
}

#[test]
fn a_duplicate_transition_name_is_refused() {
    let error = with(
        r#"
[[workflow.transition]]
name = "ask"
from = "waiting"
to = "waiting"
roles = ["caseworker"]
label = { en = "Ask", cs = "Zeptat se", uk = "Запитати" }
"#,
    );
    assert_eq!(
        error.to_string(),
        "workflow `mini` v1: transition `ask` is defined twice"
    );
}

#[test]
fn a_duplicate_state_name_is_refused() {
    let error = with(
        r#"
[[workflow.state]]
name = "done"
kind = "terminal"
label = { en = "Done", cs = "Hotovo", uk = "Готово" }
description = { en = "-", cs = "-", uk = "-" }
"#,
    );
    assert_eq!(
        error,
        DefinitionError::DuplicateState {
            workflow: mini(),
            state: "done".into()
        }
    );
}

#[test]
fn a_duplicate_timer_name_is_refused() {
    let error = with(
        r#"
[[workflow.timer]]
name = "nudge"
state = "open"
after = 1
unit = "calendar_days"
repeat = 1
"#,
    );
    assert!(matches!(error, DefinitionError::DuplicateTimer { timer, .. } if timer == "nudge"));
}

#[test]
fn a_label_missing_a_language_names_the_language() {
    let error = broken(r#", uk = "Очікування" "#, " ");
    assert_eq!(
        error,
        DefinitionError::MissingTranslation {
            workflow: mini(),
            item: "state `waiting` label".into(),
            language: Language::Uk,
        }
    );
    assert_eq!(
        error.to_string(),
        "workflow `mini` v1: state `waiting` label has no `uk` text"
    );
}

#[test]
fn a_description_missing_a_language_names_the_language() {
    let error = broken(r#"cs = "Pošlete nám doklady.", "#, "");
    assert!(matches!(
        error,
        DefinitionError::MissingTranslation { item, language: Language::Cs, .. }
            if item == "state `waiting` description"
    ));
}

#[test]
fn a_blank_transition_label_counts_as_missing() {
    let error = broken(r#"en = "Finish""#, r#"en = "  ""#);
    assert!(matches!(
        error,
        DefinitionError::MissingTranslation { item, language: Language::En, .. }
            if item == "transition `finish` label"
    ));
}

#[test]
fn a_text_in_an_unserved_language_is_refused() {
    let error = broken(r#"uk = "Готово""#, r#"ua = "Готово""#);
    assert!(matches!(
        error,
        DefinitionError::UnknownLanguage { code, item, .. }
            if code == "ua" && item == "state `done` label"
    ));
}

#[test]
fn a_timer_on_a_terminal_state_is_refused() {
    assert_eq!(
        broken(r#"state = "waiting""#, r#"state = "done""#),
        DefinitionError::TimerOnTerminalState {
            workflow: mini(),
            timer: "nudge".into(),
            state: "done".into(),
        }
    );
}

#[test]
fn a_timer_naming_an_unknown_transition_is_refused() {
    let error = broken(r#"transition = "finish""#, r#"transition = "finnish""#);
    assert_eq!(
        error.to_string(),
        "workflow `mini` v1: timer `nudge` names unknown transition `finnish`"
    );
}

#[test]
fn a_timer_transition_that_cannot_start_in_the_timer_state_is_refused() {
    assert!(matches!(
        broken(r#"transition = "finish""#, r#"transition = "ask""#),
        DefinitionError::TimerTransitionNotFromState { transition, state, .. }
            if transition == "ask" && state == "waiting"
    ));
}

#[test]
fn a_timer_transition_without_the_system_role_is_refused() {
    assert!(matches!(
        broken(r#"roles = ["caseworker", "system"]"#, r#"roles = ["caseworker"]"#),
        DefinitionError::TimerTransitionNotForSystem { timer, transition, .. }
            if timer == "nudge" && transition == "finish"
    ));
}

#[test]
fn a_timer_transition_needing_a_comment_is_refused() {
    assert!(matches!(
        broken(
            r#"roles = ["caseworker", "system"]"#,
            "roles = [\"caseworker\", \"system\"]\nguards = [\"needs_comment\"]"
        ),
        DefinitionError::TimerTransitionNeedsInput { transition, .. } if transition == "finish"
    ));
}

#[test]
fn a_timer_that_never_does_anything_is_refused() {
    let text = MINI
        .replacen("repeat = 1", "repeat = 0", 1)
        .replacen(r#"then = { transition = "finish" }"#, "", 1)
        .replacen(
            r#"roles = ["caseworker", "system"]"#,
            r#"roles = ["caseworker"]"#,
            1,
        );
    assert!(matches!(
        load(&text),
        Err(DefinitionError::TimerDoesNothing { timer, .. }) if timer == "nudge"
    ));
}

#[test]
fn the_system_role_on_a_transition_no_timer_applies_is_refused() {
    let error = broken(
        "name = \"ask\"\nfrom = \"open\"\nto = \"waiting\"\nroles = [\"caseworker\"]",
        "name = \"ask\"\nfrom = \"open\"\nto = \"waiting\"\nroles = [\"system\"]",
    );
    assert_eq!(
        error,
        DefinitionError::SystemWithoutTimer {
            workflow: mini(),
            transition: "ask".into()
        }
    );
}

#[test]
fn starting_an_unknown_timer_is_refused() {
    let error = broken(
        r#"label = { en = "Ask","#,
        "effects = [{ do = \"start_timer\", timer = \"nope\" }]\nlabel = { en = \"Ask\",",
    );
    assert!(matches!(
        error,
        DefinitionError::UnknownTimer { transition, timer, .. } if transition == "ask" && timer == "nope"
    ));
}

#[test]
fn starting_a_timer_of_another_state_is_refused() {
    let error = broken(
        r#"label = { en = "Answered","#,
        "effects = [{ do = \"start_timer\", timer = \"nudge\" }]\nlabel = { en = \"Answered\",",
    );
    assert!(matches!(
        error,
        DefinitionError::TimerStartedOutsideItsState { transition, state, .. }
            if transition == "answered" && state == "waiting"
    ));
}

#[test]
fn offering_a_referral_without_the_needs_partner_guard_is_refused() {
    let error = broken(
        r#"label = { en = "Ask","#,
        "effects = [{ do = \"offer_referral\" }]\nlabel = { en = \"Ask\",",
    );
    assert_eq!(
        error.to_string(),
        "workflow `mini` v1: transition `ask` has effect `offer_referral` but not guard `needs_partner`"
    );
}

#[test]
fn two_due_date_effects_on_one_transition_are_refused() {
    let error = broken(
        r#"label = { en = "Ask","#,
        "effects = [{ do = \"set_due\", after = 1, unit = \"working_days\" }, { do = \"clear_due\" }]\nlabel = { en = \"Ask\",",
    );
    assert!(matches!(
        error,
        DefinitionError::ConflictingEffects {
            what: "due date",
            ..
        }
    ));
}

#[test]
fn an_unknown_effect_is_a_syntax_error() {
    let error = broken(
        r#"label = { en = "Ask","#,
        "effects = [{ do = \"teleport\" }]\nlabel = { en = \"Ask\",",
    );
    assert!(error.to_string().contains("teleport"), "{error}");
}

#[test]
fn an_unknown_category_is_refused() {
    assert_eq!(
        broken(r#""family", "other","#, r#""family", "other", "tourism","#),
        DefinitionError::UnknownCategory {
            workflow: mini(),
            category: "tourism".into()
        }
    );
}

#[test]
fn a_category_served_by_two_workflows_is_refused() {
    let text = format!("{MINI}{}", workflow("extra", 1, r#""housing""#));
    let error = load(&text).expect_err("housing is mapped twice");
    assert_eq!(
        error,
        DefinitionError::CategoryMappedTwice {
            category: Category::Housing,
            first: "mini".into(),
            second: "extra".into(),
        }
    );
    assert_eq!(
        error.to_string(),
        "category `housing` is served by both workflow `mini` and workflow `extra`"
    );
}

#[test]
fn a_category_no_workflow_serves_is_refused() {
    assert_eq!(
        broken(r#""family", "other","#, r#""family","#),
        DefinitionError::CategoryUnmapped {
            category: Category::Other
        }
    );
}

#[test]
fn two_workflows_with_the_same_key_and_version_are_refused() {
    let text = format!("{MINI}{}", workflow("mini", 1, ""));
    assert_eq!(
        load(&text).expect_err("mini v1 twice"),
        DefinitionError::DuplicateWorkflow { workflow: mini() }
    );
}

#[test]
fn only_the_latest_version_of_a_workflow_maps_categories() {
    // v2 of `mini` serves nothing but `other`; `extra` may then take `housing`.
    let all_but_housing = r#""residence_permit", "work_permit", "registration", "job",
        "health_insurance", "education", "language_course", "business", "family", "other""#;
    let text = format!(
        "{MINI}{}{}",
        workflow("mini", 2, all_but_housing),
        workflow("extra", 1, r#""housing""#)
    );
    let set = load(&text).expect("valid");
    assert_eq!(set.for_category(Category::Housing).key(), "extra");
    assert_eq!(set.for_category(Category::Other).version(), 2);
    assert_eq!(set.latest("mini").map(|w| w.version()), Some(2));
    assert_eq!(set.get("mini", 1).map(|w| w.initial()), Some("open"));
    assert!(set.get("mini", 3).is_none());
}
