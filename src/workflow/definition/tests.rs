//! The embedded default workflows, checked against the contract.

use super::*;
use crate::workflow::test_support::defaults;

#[test]
fn the_embedded_defaults_map_permits_to_permit_and_the_rest_to_general() {
    let set = defaults();
    for category in Category::ALL {
        let expected = match category {
            Category::ResidencePermit | Category::WorkPermit => "permit",
            _ => "general",
        };
        assert_eq!(set.for_category(category).key(), expected, "{category}");
    }
}

#[test]
fn the_general_workflow_matches_the_contract_table() {
    use Role::{Caseworker, Partner, System};
    let set = defaults();
    let general = set.get("general", 1).expect("general v1");
    let open: Vec<&str> = ["new", "triage", "referred", "in_progress"]
        .into_iter()
        .chain(["waiting_newcomer", "resolved"])
        .collect();
    /// name, from, to, roles, needs: one row of the contract's table.
    type Row<'a> = (&'a str, &'a [&'a str], &'a str, &'a [Role], &'a [&'a str]);
    let table: [Row; 10] = [
        ("triage", &["new"], "triage", &[Caseworker], &[]),
        (
            "refer",
            &["triage"],
            "referred",
            &[Caseworker],
            &["partner"],
        ),
        (
            "accept",
            &["referred"],
            "in_progress",
            &[Partner, Caseworker],
            &[],
        ),
        (
            "decline",
            &["referred"],
            "triage",
            &[Partner, Caseworker],
            &["comment"],
        ),
        (
            "request_info",
            &["triage", "in_progress"],
            "waiting_newcomer",
            &[Caseworker, Partner],
            &["comment"],
        ),
        (
            "info_received",
            &["waiting_newcomer"],
            "triage",
            &[Caseworker],
            &[],
        ),
        (
            "resolve",
            &["triage", "in_progress"],
            "resolved",
            &[Caseworker, Partner],
            &["comment"],
        ),
        ("reopen", &["resolved"], "triage", &[Caseworker], &[]),
        ("close", &["resolved"], "closed", &[Caseworker, System], &[]),
        ("cancel", &open, "cancelled", &[Caseworker], &["comment"]),
    ];
    assert_eq!(general.transitions().len(), table.len());
    for (name, from, to, roles, needs) in table {
        let transition = general.transition(name).expect(name);
        assert_eq!(transition.from, from, "{name} from");
        assert_eq!(transition.to, to, "{name} to");
        let mut listed = transition.roles.clone();
        let mut expected = roles.to_vec();
        listed.sort();
        expected.sort();
        assert_eq!(listed, expected, "{name} roles");
        assert_eq!(transition.needs(), needs, "{name} needs");
    }
}

#[test]
fn the_general_workflow_has_the_contract_states_and_kinds() {
    let set = defaults();
    let general = set.latest("general").expect("general");
    let kinds: Vec<(&str, StateKind)> = general
        .states()
        .iter()
        .map(|state| (state.name.as_str(), state.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("new", StateKind::Open),
            ("triage", StateKind::Open),
            ("referred", StateKind::Open),
            ("in_progress", StateKind::Open),
            ("waiting_newcomer", StateKind::Waiting),
            ("resolved", StateKind::Open),
            ("closed", StateKind::Terminal),
            ("cancelled", StateKind::Terminal),
        ]
    );
    assert_eq!(general.initial(), "new");
}

#[test]
fn the_general_timers_are_as_documented() {
    let set = defaults();
    let general = set.latest("general").expect("general");
    let partner = general.timer("partner_reminder").expect("partner_reminder");
    assert_eq!(
        (partner.state.as_str(), partner.after, partner.repeat),
        ("referred", 3, 2)
    );
    assert_eq!(partner.unit, Unit::WorkingDays);
    assert!(
        matches!(&partner.then, Some(TimerThen::Escalate(mails)) if mails[0].to == Recipient::Assignee)
    );
    let auto_close = general.timer("auto_close").expect("auto_close");
    assert_eq!(
        (auto_close.after, auto_close.unit, auto_close.repeat),
        (14, Unit::CalendarDays, 0)
    );
    assert_eq!(auto_close.then, Some(TimerThen::Transition("close".into())));
    assert_eq!(auto_close.then_fire_number(), Some(1));
    assert!(general.is_timer_transition("close"));
    assert!(!general.is_timer_transition("cancel"));
}

#[test]
fn the_permit_workflow_sets_the_statutory_deadline_when_filing() {
    let set = defaults();
    let permit = set.latest("permit").expect("permit");
    let filing = permit
        .transition("file_application")
        .expect("file_application");
    assert!(filing.effects.contains(&Effect::SetDue {
        after: 60,
        unit: Unit::CalendarDays
    }));
    assert_eq!(
        permit.state("collecting_documents").map(|s| s.kind),
        Some(StateKind::Waiting)
    );
    assert_eq!(
        permit.state("supplement_requested").map(|s| s.kind),
        Some(StateKind::Waiting)
    );
}

#[test]
fn every_mail_template_of_the_defaults_is_listed() {
    let set = defaults();
    let mut templates: BTreeSet<&str> = BTreeSet::new();
    for workflow in set.workflows() {
        templates.extend(workflow.mail_templates());
    }
    let expected = [
        "application_filed",
        "appointment_booked",
        "cancelled",
        "closed",
        "decision_issued",
        "escalation",
        "info_needed",
        "newcomer_reminder",
        "partner_accepted",
        "partner_declined",
        "partner_reminder",
        "referral_offered",
        "referral_withdrawn",
        "resolved",
    ];
    assert_eq!(templates.into_iter().collect::<Vec<_>>(), expected);
}

#[test]
fn every_default_text_differs_between_languages() {
    use crate::workflow::Language;
    let set = defaults();
    for workflow in set.workflows() {
        for state in workflow.states() {
            let [en, cs, uk] = Language::ALL.map(|lang| state.description.get(lang));
            assert!(
                en != cs && cs != uk && en != uk,
                "{} is not translated",
                state.name
            );
        }
    }
}
