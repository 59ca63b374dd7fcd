//! What the picture must show, in every language.

use super::*;
use crate::workflow::WorkflowSet;
use crate::workflow::test_support::general;

#[test]
fn the_picture_names_every_state_in_the_chosen_language() {
    let workflow = general();
    for lang in Language::ALL {
        let svg = render_svg(&workflow, lang, None);
        for state in workflow.states() {
            assert!(
                svg.contains(&escape(state.label.get(lang))),
                "{lang}: missing {}",
                state.name
            );
        }
    }
}

#[test]
fn the_picture_is_an_accessible_self_contained_svg() {
    let svg = render_svg(&general(), Language::En, None);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""));
    assert!(svg.contains("<title id=\"wf-title\">Workflow general (version 1)</title>"));
    assert!(svg.contains("<desc id=\"wf-desc\">"));
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("href"));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn the_current_state_is_filled_and_bold() {
    let svg = render_svg(&general(), Language::En, Some("referred"));
    let current = svg
        .split("<g class=\"state state-open current\">")
        .nth(1)
        .expect("a highlighted group");
    let group = current.split("</g>").next().expect("group end");
    assert!(group.contains("fill=\"#1d4ed8\""));
    assert!(group.contains("font-weight=\"bold\""));
    assert!(group.contains("Passed to a partner"));
    assert_eq!(svg.matches(" current\"").count(), 1);
    assert!(svg.contains("Current state: Passed to a partner"));
}

#[test]
fn without_a_highlight_no_state_is_bold() {
    let svg = render_svg(&general(), Language::Cs, None);
    assert!(!svg.contains(" current\""));
    assert!(!svg.contains("font-weight=\"bold\" text-anchor"));
}

#[test]
fn terminal_states_get_a_double_border() {
    let svg = render_svg(&general(), Language::En, None);
    assert_eq!(svg.matches("<g class=\"state state-terminal\">").count(), 2);
    assert!(
        svg.contains("stroke-dasharray"),
        "waiting states are dashed"
    );
}

#[test]
fn transitions_from_every_open_state_are_listed_once() {
    let svg = render_svg(&general(), Language::En, None);
    assert!(svg.contains("From any open state: Cancel request → Cancelled"));
    assert_eq!(svg.matches(">Cancel request</text>").count(), 0);
}

#[test]
fn markup_in_labels_is_escaped() {
    let text = include_str!("../default_workflows.toml").replacen(
        "en = \"Received\"",
        "en = \"<b>New</b> & \\\"fresh\\\"\"",
        1,
    );
    let set = WorkflowSet::from_toml_str("test", &text).expect("still valid");
    let workflow = set.latest("general").expect("general");
    let svg = render_svg(workflow, Language::En, Some("new"));
    assert!(svg.contains("&lt;b&gt;New&lt;/b&gt; &amp; &quot;fresh&quot;"));
    assert!(!svg.contains("<b>"));
}

#[test]
fn the_output_is_deterministic() {
    let workflow = general();
    assert_eq!(
        render_svg(&workflow, Language::Uk, Some("triage")),
        render_svg(&workflow, Language::Uk, Some("triage"))
    );
}

#[test]
fn an_unknown_highlight_is_ignored() {
    let svg = render_svg(&general(), Language::En, Some("no_such_state"));
    assert!(!svg.contains(" current\""));
    assert!(!svg.contains("Current state"));
}
