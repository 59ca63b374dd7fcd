//! Reminders, escalation, automatic transitions and stale fires.

use super::*;
use crate::workflow::calendar::add_working_days;
use crate::workflow::test_support::{at, general, request};
use crate::workflow::{Recipient, WorkflowSet};

fn partner_mail(template: &str) -> MailSpec {
    MailSpec {
        to: Recipient::Partner,
        template: template.to_owned(),
    }
}

fn referred() -> RequestSnapshot<'static> {
    RequestSnapshot {
        has_partner: true,
        ..request("referred")
    }
}

#[test]
fn the_partner_is_reminded_twice_then_the_assignee_is_alerted() {
    let workflow = general();
    let first_due = at("2026-04-09T08:00:00Z");
    let first = fire_timer(&workflow, &referred(), "partner_reminder", 1, first_due).expect("ok");
    let second_due = add_working_days(first_due, 3);
    assert_eq!(
        first,
        TimerOutcome::Reminded {
            mails: vec![partner_mail("partner_reminder")],
            next: Some(ScheduledTimer {
                name: "partner_reminder".into(),
                due_at: second_due,
                fire_number: 2,
            }),
        }
    );
    let second = fire_timer(&workflow, &referred(), "partner_reminder", 2, second_due).expect("ok");
    let TimerOutcome::Reminded {
        next: Some(escalation),
        ..
    } = second
    else {
        panic!("the second fire is a reminder with a follow-up: {second:?}");
    };
    assert_eq!(escalation.fire_number, 3);
    assert_eq!(escalation.due_at, add_working_days(second_due, 3));
    let third = fire_timer(
        &workflow,
        &referred(),
        "partner_reminder",
        3,
        escalation.due_at,
    );
    assert_eq!(
        third,
        Ok(TimerOutcome::Escalated {
            mails: vec![MailSpec {
                to: Recipient::Assignee,
                template: "escalation".into()
            }]
        })
    );
    assert_eq!(
        fire_timer(
            &workflow,
            &referred(),
            "partner_reminder",
            4,
            escalation.due_at
        ),
        Err(TimerError::NoSuchFire {
            timer: "partner_reminder".into(),
            fire_number: 4
        })
    );
}

#[test]
fn auto_close_applies_close_as_the_system() {
    let workflow = general();
    let due = at("2026-04-16T08:00:00Z");
    let outcome = fire_timer(&workflow, &request("resolved"), "auto_close", 1, due).expect("ok");
    let TimerOutcome::Transitioned(outcome) = outcome else {
        panic!("auto_close applies a transition: {outcome:?}");
    };
    assert_eq!(outcome.transition, "close");
    assert_eq!(
        (outcome.from.as_str(), outcome.to.as_str()),
        ("resolved", "closed")
    );
    assert_eq!(outcome.mails[0].template, "closed");
    assert!(outcome.timers.cancel_pending);
}

#[test]
fn a_fire_after_the_state_changed_is_stale() {
    let workflow = general();
    let now = at("2026-04-09T08:00:00Z");
    assert_eq!(
        fire_timer(
            &workflow,
            &request("in_progress"),
            "partner_reminder",
            1,
            now
        ),
        Ok(TimerOutcome::Stale)
    );
    assert_eq!(
        fire_timer(&workflow, &request("triage"), "auto_close", 1, now),
        Ok(TimerOutcome::Stale)
    );
}

#[test]
fn a_single_reminder_without_a_then_step_schedules_nothing_more() {
    let workflow = general();
    let now = at("2026-04-09T08:00:00Z");
    let outcome = fire_timer(
        &workflow,
        &request("waiting_newcomer"),
        "newcomer_reminder",
        1,
        now,
    );
    assert_eq!(
        outcome,
        Ok(TimerOutcome::Reminded {
            mails: vec![MailSpec {
                to: Recipient::Newcomer,
                template: "newcomer_reminder".into()
            }],
            next: None
        })
    );
    assert!(matches!(
        fire_timer(
            &workflow,
            &request("waiting_newcomer"),
            "newcomer_reminder",
            2,
            now
        ),
        Err(TimerError::NoSuchFire { .. })
    ));
}

#[test]
fn fire_zero_and_unknown_timers_are_errors() {
    let workflow = general();
    let now = at("2026-04-09T08:00:00Z");
    assert!(matches!(
        fire_timer(&workflow, &referred(), "partner_reminder", 0, now),
        Err(TimerError::NoSuchFire { fire_number: 0, .. })
    ));
    assert_eq!(
        fire_timer(&workflow, &referred(), "alarm_clock", 1, now),
        Err(TimerError::UnknownTimer {
            name: "alarm_clock".into()
        })
    );
}

#[test]
fn a_partner_reminder_without_a_partner_sends_nothing_to_a_partner() {
    let workflow = general();
    let now = at("2026-04-09T08:00:00Z");
    let outcome = fire_timer(&workflow, &request("referred"), "partner_reminder", 1, now);
    assert!(matches!(outcome, Ok(TimerOutcome::Reminded { mails, .. }) if mails.is_empty()));
}

#[test]
fn the_permit_supplement_reminder_escalates_after_two_reminders() {
    let set = WorkflowSet::embedded_default().expect("valid");
    let permit = set.latest("permit").expect("permit");
    let snapshot = request("supplement_requested");
    let now = at("2026-04-09T08:00:00Z");
    let second = fire_timer(permit, &snapshot, "supplement_reminder", 2, now).expect("ok");
    assert!(
        matches!(second, TimerOutcome::Reminded { next: Some(ref n), .. } if n.fire_number == 3)
    );
    let third = fire_timer(permit, &snapshot, "supplement_reminder", 3, now).expect("ok");
    assert!(matches!(third, TimerOutcome::Escalated { .. }));
}
