//! Guards, roles, effects and clock pausing, mostly on the default `general` workflow.

use chrono::{DateTime, TimeDelta, Utc};

use super::*;
use crate::workflow::calendar::{add_calendar_days, add_working_days};
use crate::workflow::test_support::{at, general, request};
use crate::workflow::{
    DueChange, MailSpec, PartnerChange, Recipient, ReferralClosure, ReferralCommand, Visibility,
    WorkflowSet,
};

fn referred(state: &str) -> RequestSnapshot<'_> {
    RequestSnapshot {
        has_partner: true,
        ..request(state)
    }
}

fn now() -> DateTime<Utc> {
    at("2026-04-02T08:00:00Z")
}

fn comment(text: &str) -> TransitionInput {
    TransitionInput {
        comment: Some(text.to_owned()),
        partner: None,
    }
}

fn partner(slug: &str) -> TransitionInput {
    TransitionInput {
        comment: None,
        partner: Some(slug.to_owned()),
    }
}

fn none() -> TransitionInput {
    TransitionInput::default()
}

fn run(
    request: &RequestSnapshot<'_>,
    transition: &str,
    actor: Actor,
    input: &TransitionInput,
) -> Result<Outcome, TransitionError> {
    apply(&general(), request, transition, &actor, input, now())
}

fn mail(to: Recipient, template: &str) -> MailSpec {
    MailSpec {
        to,
        template: template.to_owned(),
    }
}

fn names(transitions: &[&TransitionDef]) -> Vec<String> {
    transitions.iter().map(|t| t.name.clone()).collect()
}

// --- ordering of checks -------------------------------------------------

#[test]
fn an_unknown_transition_is_reported_before_anything_else() {
    let error = run(
        &request("closed"),
        "teleport",
        Actor::partner(false),
        &none(),
    );
    assert_eq!(
        error,
        Err(TransitionError::UnknownTransition {
            name: "teleport".into()
        })
    );
}

#[test]
fn a_request_in_a_state_the_workflow_lacks_is_reported() {
    let error = run(&request("limbo"), "triage", Actor::caseworker(), &none());
    assert_eq!(
        error,
        Err(TransitionError::UnknownState {
            state: "limbo".into()
        })
    );
}

#[test]
fn nothing_can_be_applied_to_a_terminal_request() {
    for state in ["closed", "cancelled"] {
        for transition in general().transitions() {
            let error = run(
                &request(state),
                &transition.name,
                Actor::admin(),
                &comment("x"),
            );
            assert_eq!(
                error,
                Err(TransitionError::Terminal {
                    state: state.into()
                })
            );
        }
    }
}

#[test]
fn a_transition_from_another_state_is_refused() {
    assert_eq!(
        run(&request("triage"), "triage", Actor::caseworker(), &none()),
        Err(TransitionError::NotFromState {
            transition: "triage".into(),
            state: "triage".into()
        })
    );
}

#[test]
fn the_wrong_state_is_reported_before_the_wrong_role() {
    let error = run(&request("new"), "refer", Actor::partner(true), &none());
    assert!(matches!(error, Err(TransitionError::NotFromState { .. })));
}

#[test]
fn the_wrong_role_is_reported_before_a_missing_comment() {
    let error = run(
        &referred("referred"),
        "decline",
        Actor::partner(false),
        &none(),
    );
    assert!(matches!(error, Err(TransitionError::RoleNotAllowed { .. })));
}

// --- roles ----------------------------------------------------------------

#[test]
fn a_partner_cannot_refer_a_request() {
    let error = run(
        &request("triage"),
        "refer",
        Actor::partner(true),
        &partner("ngo"),
    );
    assert_eq!(
        error,
        Err(TransitionError::RoleNotAllowed {
            transition: "refer".into(),
            role: Role::Partner
        })
    );
    assert!(error.is_err_and(|e| e.is_forbidden()));
}

#[test]
fn a_partner_the_request_is_not_referred_to_cannot_accept_it() {
    let error = run(
        &referred("referred"),
        "accept",
        Actor::partner(false),
        &none(),
    );
    assert!(matches!(
        error,
        Err(TransitionError::RoleNotAllowed {
            role: Role::Partner,
            ..
        })
    ));
}

#[test]
fn an_admin_may_do_whatever_a_caseworker_may() {
    let workflow = general();
    for state in workflow.states() {
        for has_partner in [false, true] {
            let snapshot = RequestSnapshot {
                has_partner,
                ..request(&state.name)
            };
            let by_caseworker = allowed_transitions(&workflow, &snapshot, &Actor::caseworker());
            let by_admin = allowed_transitions(&workflow, &snapshot, &Actor::admin());
            assert_eq!(names(&by_caseworker), names(&by_admin), "in {}", state.name);
        }
    }
    assert!(run(&request("new"), "triage", Actor::admin(), &none()).is_ok());
}

#[test]
fn the_system_may_only_apply_transitions_a_timer_names() {
    let error = run(&request("new"), "triage", Actor::system(), &none());
    assert!(matches!(
        error,
        Err(TransitionError::RoleNotAllowed {
            role: Role::System,
            ..
        })
    ));
    assert!(run(&request("resolved"), "close", Actor::system(), &none()).is_ok());
}

#[test]
fn a_caseworker_cannot_apply_an_admin_only_transition() {
    let text = include_str!("../default_workflows.toml").replacen(
        "name = \"reopen\"\nfrom = \"resolved\"\nto = \"triage\"\nroles = [\"caseworker\"]",
        "name = \"reopen\"\nfrom = \"resolved\"\nto = \"triage\"\nroles = [\"admin\"]",
        1,
    );
    let set = WorkflowSet::from_toml_str("test", &text).expect("valid");
    let workflow = set.latest("general").expect("general");
    let reopen = |actor: Actor| {
        apply(
            workflow,
            &request("resolved"),
            "reopen",
            &actor,
            &none(),
            now(),
        )
    };
    assert!(matches!(
        reopen(Actor::caseworker()),
        Err(TransitionError::RoleNotAllowed { .. })
    ));
    assert!(reopen(Actor::admin()).is_ok());
}

// --- guards ---------------------------------------------------------------

#[test]
fn referring_needs_a_partner() {
    let expected = Err(TransitionError::NeedsPartner {
        transition: "refer".into(),
    });
    assert_eq!(
        run(&request("triage"), "refer", Actor::caseworker(), &none()),
        expected
    );
    let blank = partner("   ");
    assert_eq!(
        run(&request("triage"), "refer", Actor::caseworker(), &blank),
        expected
    );
    assert_eq!(expected.map_err(|e| e.field()), Err(Some("partner")));
}

#[test]
fn referring_is_refused_while_a_partner_holds_the_request() {
    assert_eq!(
        run(
            &referred("triage"),
            "refer",
            Actor::caseworker(),
            &partner("ngo")
        ),
        Err(TransitionError::AlreadyReferred {
            transition: "refer".into()
        })
    );
}

#[test]
fn declining_needs_a_comment_and_blank_text_is_no_comment() {
    for input in [none(), comment(" \n\t ")] {
        let error = run(
            &referred("referred"),
            "decline",
            Actor::partner(true),
            &input,
        );
        assert_eq!(
            error,
            Err(TransitionError::NeedsComment {
                transition: "decline".into()
            })
        );
    }
}

#[test]
fn accepting_needs_the_request_to_be_referred() {
    assert_eq!(
        run(&request("referred"), "accept", Actor::caseworker(), &none()),
        Err(TransitionError::NoPartner {
            transition: "accept".into()
        })
    );
}

#[test]
fn resolving_needs_the_outcome() {
    let error = run(&request("triage"), "resolve", Actor::caseworker(), &none());
    assert_eq!(
        error,
        Err(TransitionError::NeedsOutcome {
            transition: "resolve".into()
        })
    );
    assert_eq!(
        error.map_err(|e| e.to_string()),
        Err("`resolve` needs the outcome, written in the comment".into())
    );
}

// --- effects --------------------------------------------------------------

#[test]
fn triage_records_a_public_state_change_and_restarts_timers() {
    let outcome = run(&request("new"), "triage", Actor::caseworker(), &none()).expect("allowed");
    assert_eq!(
        (outcome.from.as_str(), outcome.to.as_str()),
        ("new", "triage")
    );
    assert!(outcome.state_changed());
    assert_eq!(outcome.event.kind, EventKind::StateChanged);
    assert_eq!(outcome.event.visibility, Visibility::Public);
    assert!(!outcome.event.comment_public);
    assert!(outcome.mails.is_empty());
    assert!(outcome.timers.cancel_pending);
    assert!(outcome.timers.schedule.is_empty());
    assert_eq!(outcome.due_at, DueChange::Keep);
    assert_eq!(outcome.partner, PartnerChange::Keep);
    assert_eq!(outcome.referral, None);
    assert_eq!(outcome.resolution, None);
}

#[test]
fn referring_offers_a_referral_mails_the_partner_and_sets_the_due_date() {
    let input = partner("  legal-aid-brno ");
    let outcome = run(&request("triage"), "refer", Actor::caseworker(), &input).expect("allowed");
    assert_eq!(
        outcome.referral,
        Some(ReferralCommand::Offer {
            partner: "legal-aid-brno".into()
        })
    );
    assert_eq!(outcome.partner, PartnerChange::Set("legal-aid-brno".into()));
    assert_eq!(
        outcome.mails,
        vec![mail(Recipient::Partner, "referral_offered")]
    );
    // Thu 2 Apr 2026 + 5 working days (Good Friday, Easter Monday off) = Mon 13 Apr.
    assert_eq!(outcome.due_at, DueChange::Set(at("2026-04-13T08:00:00Z")));
    let reminder = &outcome.timers.schedule;
    assert_eq!(reminder.len(), 1);
    assert_eq!(reminder[0].name, "partner_reminder");
    assert_eq!(reminder[0].fire_number, 1);
    assert_eq!(reminder[0].due_at, at("2026-04-09T08:00:00Z"));
}

#[test]
fn accepting_marks_the_referral_accepted_and_tells_the_newcomer() {
    let outcome = run(
        &referred("referred"),
        "accept",
        Actor::partner(true),
        &none(),
    )
    .expect("allowed");
    assert_eq!(outcome.to, "in_progress");
    assert_eq!(outcome.referral, Some(ReferralCommand::Accept));
    assert_eq!(outcome.partner, PartnerChange::Keep);
    assert_eq!(
        outcome.mails,
        vec![mail(Recipient::Newcomer, "partner_accepted")]
    );
    assert_eq!(outcome.due_at, DueChange::Set(add_working_days(now(), 20)));
}

#[test]
fn declining_closes_the_referral_clears_the_partner_and_tells_the_assignee() {
    let input = comment("We have no capacity this month.");
    let outcome = run(
        &referred("referred"),
        "decline",
        Actor::partner(true),
        &input,
    )
    .expect("ok");
    assert_eq!(outcome.to, "triage");
    assert_eq!(
        outcome.referral,
        Some(ReferralCommand::Close {
            closure: ReferralClosure::Declined
        })
    );
    assert_eq!(outcome.partner, PartnerChange::Clear);
    assert_eq!(
        outcome.mails,
        vec![mail(Recipient::Assignee, "partner_declined")]
    );
    assert_eq!(outcome.due_at, DueChange::Clear);
    assert_eq!(
        outcome.event.comment.as_deref(),
        Some("We have no capacity this month.")
    );
    assert!(!outcome.event.comment_public, "the reason stays internal");
}

#[test]
fn asking_for_information_makes_the_comment_public_and_starts_the_newcomer_reminder() {
    let input = comment("  Please send a copy of your rental contract.  ");
    let outcome = run(
        &request("triage"),
        "request_info",
        Actor::caseworker(),
        &input,
    )
    .expect("ok");
    assert_eq!(outcome.to, "waiting_newcomer");
    assert!(outcome.event.comment_public);
    assert_eq!(
        outcome.event.comment.as_deref(),
        Some("Please send a copy of your rental contract.")
    );
    assert_eq!(
        outcome.mails,
        vec![mail(Recipient::Newcomer, "info_needed")]
    );
    assert_eq!(outcome.timers.schedule[0].name, "newcomer_reminder");
    assert_eq!(
        outcome.timers.schedule[0].due_at,
        add_working_days(now(), 5)
    );
}

#[test]
fn resolving_stores_the_outcome_and_completes_an_open_referral() {
    let input = comment("Registered at the foreign police.");
    let outcome = run(
        &referred("in_progress"),
        "resolve",
        Actor::partner(true),
        &input,
    )
    .expect("ok");
    assert_eq!(
        outcome.resolution.as_deref(),
        Some("Registered at the foreign police.")
    );
    assert!(outcome.event.comment_public);
    assert_eq!(
        outcome.referral,
        Some(ReferralCommand::Close {
            closure: ReferralClosure::Completed
        })
    );
    assert_eq!(outcome.partner, PartnerChange::Clear);
    assert_eq!(outcome.mails, vec![mail(Recipient::Newcomer, "resolved")]);
    assert_eq!(outcome.due_at, DueChange::Clear);
    assert_eq!(outcome.timers.schedule[0].name, "auto_close");
    assert_eq!(
        outcome.timers.schedule[0].due_at,
        add_calendar_days(now(), 14)
    );
}

#[test]
fn resolving_without_a_referral_touches_no_referral() {
    let input = comment("Answered by phone.");
    let outcome = run(&request("triage"), "resolve", Actor::caseworker(), &input).expect("ok");
    assert_eq!(outcome.referral, None);
    assert_eq!(outcome.partner, PartnerChange::Keep);
}

#[test]
fn cancelling_withdraws_an_open_referral_and_mails_the_partner() {
    let input = comment("The newcomer left the country.");
    let outcome = run(&referred("referred"), "cancel", Actor::caseworker(), &input).expect("ok");
    assert_eq!(outcome.to, "cancelled");
    assert_eq!(
        outcome.referral,
        Some(ReferralCommand::Close {
            closure: ReferralClosure::Withdrawn
        })
    );
    assert_eq!(
        outcome.mails,
        vec![
            mail(Recipient::Partner, "referral_withdrawn"),
            mail(Recipient::Newcomer, "cancelled")
        ]
    );
    assert!(outcome.timers.cancel_pending);
    assert!(outcome.timers.schedule.is_empty());
}

#[test]
fn cancelling_without_a_referral_mails_no_partner() {
    let input = comment("Duplicate of EXP-2026-00041.");
    let outcome = run(&request("new"), "cancel", Actor::caseworker(), &input).expect("ok");
    assert_eq!(outcome.referral, None);
    assert_eq!(outcome.mails, vec![mail(Recipient::Newcomer, "cancelled")]);
}

#[test]
fn cancel_works_from_every_open_state_and_no_terminal_one() {
    let workflow = general();
    let cancel = workflow.transition("cancel").expect("cancel");
    for state in workflow.states() {
        let open = state.kind != StateKind::Terminal;
        assert_eq!(cancel.starts_from(&state.name), open, "{}", state.name);
    }
}

#[test]
fn closing_mails_the_newcomer() {
    let outcome = run(&request("resolved"), "close", Actor::caseworker(), &none()).expect("ok");
    assert_eq!(outcome.to, "closed");
    assert_eq!(outcome.mails, vec![mail(Recipient::Newcomer, "closed")]);
}

#[test]
fn an_optional_comment_is_kept_on_the_event_but_not_made_public() {
    let outcome = run(
        &request("new"),
        "triage",
        Actor::caseworker(),
        &comment("Called them."),
    )
    .expect("ok");
    assert_eq!(outcome.event.comment.as_deref(), Some("Called them."));
    assert!(!outcome.event.comment_public);
}

// --- clock pausing --------------------------------------------------------

#[test]
fn time_spent_waiting_on_the_newcomer_pushes_the_due_date_back() {
    let due = at("2026-04-20T08:00:00Z");
    let waiting = RequestSnapshot {
        due_at: Some(due),
        state_entered_at: at("2026-04-10T08:00:00Z"),
        ..request("waiting_newcomer")
    };
    let later = at("2026-04-13T14:30:00Z");
    let outcome = apply(
        &general(),
        &waiting,
        "info_received",
        &Actor::caseworker(),
        &none(),
        later,
    )
    .expect("ok");
    let waited = TimeDelta::days(3) + TimeDelta::minutes(390);
    assert_eq!(outcome.due_at, DueChange::Set(due + waited));
}

#[test]
fn leaving_an_open_state_does_not_move_the_due_date() {
    let open = RequestSnapshot {
        due_at: Some(at("2026-04-20T08:00:00Z")),
        state_entered_at: at("2026-04-01T08:00:00Z"),
        ..request("in_progress")
    };
    let outcome = run(
        &open,
        "request_info",
        Actor::caseworker(),
        &comment("Passport?"),
    )
    .expect("ok");
    assert_eq!(outcome.due_at, DueChange::Keep);
}

#[test]
fn leaving_a_waiting_state_without_a_due_date_keeps_it_unset() {
    let outcome = run(
        &request("waiting_newcomer"),
        "info_received",
        Actor::caseworker(),
        &none(),
    )
    .expect("ok");
    assert_eq!(outcome.due_at, DueChange::Keep);
}

#[test]
fn a_clock_running_backwards_never_pulls_the_due_date_earlier() {
    let due = at("2026-04-20T08:00:00Z");
    let waiting = RequestSnapshot {
        due_at: Some(due),
        state_entered_at: at("2026-04-10T08:00:00Z"),
        ..request("waiting_newcomer")
    };
    let earlier = at("2026-04-09T08:00:00Z");
    let outcome = apply(
        &general(),
        &waiting,
        "info_received",
        &Actor::caseworker(),
        &none(),
        earlier,
    )
    .expect("ok");
    assert_eq!(outcome.due_at, DueChange::Set(due));
}

// --- self-loops, explicit timer effects -------------------------------------

const LOOPS: &str = r#"
[[workflow]]
key = "loops"
version = 1
initial = "waiting"
categories = [
  "residence_permit", "work_permit", "registration", "housing", "job",
  "health_insurance", "education", "language_course", "business", "family", "other",
]

[[workflow.state]]
name = "waiting"
kind = "waiting"
label = { en = "Waiting", cs = "Čeká se", uk = "Очікування" }
description = { en = "-", cs = "-", uk = "-" }

[[workflow.transition]]
name = "nudge_again"
from = "waiting"
to = "waiting"
roles = ["caseworker"]
effects = [{ do = "cancel_timers" }, { do = "start_timer", timer = "nudge" }]
label = { en = "Nudge again", cs = "Znovu připomenout", uk = "Нагадати знову" }

[[workflow.transition]]
name = "note"
from = "waiting"
to = "waiting"
roles = ["caseworker"]
visibility = "internal"
effects = [{ do = "set_due", after = 2, unit = "calendar_days" }]
label = { en = "Note", cs = "Poznámka", uk = "Нотатка" }

[[workflow.timer]]
name = "nudge"
state = "waiting"
after = 1
unit = "working_days"
repeat = 1
mail = [{ to = "newcomer", template = "nudge" }]
"#;

#[test]
fn a_self_loop_keeps_timers_and_the_paused_clock_unless_told_otherwise() {
    let set = WorkflowSet::from_toml_str("loops", LOOPS).expect("valid");
    let workflow = set.latest("loops").expect("loops");
    let snapshot = RequestSnapshot {
        due_at: Some(at("2026-05-01T08:00:00Z")),
        ..request("waiting")
    };
    let later = at("2026-04-03T08:00:00Z");
    let note = apply(
        workflow,
        &snapshot,
        "note",
        &Actor::caseworker(),
        &none(),
        later,
    )
    .expect("ok");
    assert!(!note.state_changed());
    assert!(!note.timers.cancel_pending);
    assert!(note.timers.schedule.is_empty());
    assert_eq!(note.event.visibility, Visibility::Internal);
    assert_eq!(note.due_at, DueChange::Set(add_calendar_days(later, 2)));

    let nudge = apply(
        workflow,
        &snapshot,
        "nudge_again",
        &Actor::caseworker(),
        &none(),
        later,
    )
    .expect("ok");
    assert!(nudge.timers.cancel_pending);
    assert_eq!(nudge.timers.schedule.len(), 1);
    assert_eq!(nudge.timers.schedule[0].name, "nudge");
    assert_eq!(
        nudge.due_at,
        DueChange::Keep,
        "a self-loop does not leave the waiting state"
    );
}

// --- allowed transitions ------------------------------------------------------

#[test]
fn a_caseworker_in_triage_may_refer_ask_resolve_or_cancel() {
    let workflow = general();
    let allowed = allowed_transitions(&workflow, &request("triage"), &Actor::caseworker());
    assert_eq!(
        names(&allowed),
        ["refer", "request_info", "resolve", "cancel"]
    );
    let needs: Vec<Vec<&str>> = allowed.iter().map(|t| t.needs()).collect();
    assert_eq!(
        needs,
        [
            vec!["partner"],
            vec!["comment"],
            vec!["comment"],
            vec!["comment"]
        ]
    );
}

#[test]
fn the_referred_partner_may_accept_or_decline_and_others_nothing() {
    let workflow = general();
    let snapshot = referred("referred");
    let theirs = allowed_transitions(&workflow, &snapshot, &Actor::partner(true));
    assert_eq!(names(&theirs), ["accept", "decline"]);
    assert!(allowed_transitions(&workflow, &snapshot, &Actor::partner(false)).is_empty());
}

#[test]
fn accept_is_not_offered_without_a_referral() {
    let workflow = general();
    let allowed = allowed_transitions(&workflow, &request("referred"), &Actor::caseworker());
    assert_eq!(names(&allowed), ["cancel"]);
}

#[test]
fn nothing_is_allowed_on_a_terminal_request() {
    let workflow = general();
    assert!(allowed_transitions(&workflow, &request("closed"), &Actor::admin()).is_empty());
}

#[test]
fn every_allowed_transition_applies_when_its_needs_are_met() {
    let workflow = general();
    let full = TransitionInput {
        comment: Some("text".into()),
        partner: Some("ngo".into()),
    };
    for state in workflow.states() {
        for actor in [Actor::caseworker(), Actor::partner(true), Actor::system()] {
            let snapshot = referred(&state.name);
            for transition in allowed_transitions(&workflow, &snapshot, &actor) {
                let result = apply(&workflow, &snapshot, &transition.name, &actor, &full, now());
                assert!(
                    result.is_ok(),
                    "{} in {}: {result:?}",
                    transition.name,
                    state.name
                );
            }
        }
    }
}

// --- replay ---------------------------------------------------------------

#[test]
fn replaying_a_timeline_gives_the_state_it_ends_in() {
    let workflow = general();
    let steps = [
        ("new", "triage"),
        ("triage", "referred"),
        ("referred", "triage"),
        ("triage", "waiting_newcomer"),
        ("waiting_newcomer", "triage"),
        ("triage", "resolved"),
    ];
    assert_eq!(replay(&workflow, &steps), Ok("resolved"));
    let none: [(&str, &str); 0] = [];
    assert_eq!(replay(&workflow, &none), Ok("new"));
}

#[test]
fn replaying_a_broken_timeline_says_where_it_breaks() {
    let workflow = general();
    assert_eq!(
        replay(&workflow, &[("new", "triage"), ("referred", "in_progress")]),
        Err(ReplayError::Discontinuous {
            step: 1,
            expected: "triage".into(),
            found: "referred".into()
        })
    );
    assert_eq!(
        replay(&workflow, &[("new", "closed")]),
        Err(ReplayError::NoTransition {
            step: 0,
            from: "new".into(),
            to: "closed".into()
        })
    );
}
