//! Property tests: random sequences of transitions (by random actors with
//! random input) and timer fires on the default workflows, applied to a
//! simulated request the way the services layer applies outcomes.

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;

use super::test_support::{at, defaults};
use super::{
    Actor, DueChange, Outcome, PartnerChange, RequestSnapshot, ScheduledTimer, StateKind,
    TimerOutcome, TransitionError, TransitionInput, Workflow, allowed_transitions, apply,
    fire_timer, replay,
};

#[derive(Debug, Clone)]
enum Step {
    Transition {
        pick: usize,
        actor: u8,
        comment: Option<&'static str>,
        partner: Option<&'static str>,
        hours: i64,
    },
    FireTimer {
        pick: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let text = || prop::option::of(prop::sample::select(vec!["", "   ", "text", " ngo-1 "]));
    prop_oneof![
        4 => (any::<usize>(), 0u8..5, text(), text(), 0i64..400).prop_map(
            |(pick, actor, comment, partner, hours)| Step::Transition {
                pick,
                actor,
                comment,
                partner,
                hours
            }
        ),
        1 => any::<usize>().prop_map(|pick| Step::FireTimer { pick }),
    ]
}

/// A request as the database would hold it, updated only from outcomes.
struct Simulated {
    state: String,
    has_partner: bool,
    due_at: Option<DateTime<Utc>>,
    entered: DateTime<Utc>,
    now: DateTime<Utc>,
    history: Vec<(String, String)>,
    pending: Vec<ScheduledTimer>,
}

impl Simulated {
    fn new(workflow: &Workflow) -> Simulated {
        let start = at("2026-03-20T09:00:00Z");
        Simulated {
            state: workflow.initial().to_owned(),
            has_partner: false,
            due_at: None,
            entered: start,
            now: start,
            history: Vec::new(),
            pending: Vec::new(),
        }
    }

    fn snapshot(&self) -> RequestSnapshot<'_> {
        RequestSnapshot {
            state: &self.state,
            has_partner: self.has_partner,
            due_at: self.due_at,
            state_entered_at: self.entered,
        }
    }

    fn actor(&self, choice: u8) -> Actor {
        match choice {
            0 => Actor::caseworker(),
            1 => Actor::admin(),
            2 => Actor::partner(self.has_partner),
            3 => Actor::partner(false),
            _ => Actor::system(),
        }
    }

    fn record(&mut self, outcome: Outcome) {
        if outcome.state_changed() {
            self.entered = self.now;
        }
        self.history
            .push((outcome.from.clone(), outcome.to.clone()));
        self.state = outcome.to;
        match outcome.partner {
            PartnerChange::Set(_) => self.has_partner = true,
            PartnerChange::Clear => self.has_partner = false,
            PartnerChange::Keep => {}
        }
        match outcome.due_at {
            DueChange::Set(due) => self.due_at = Some(due),
            DueChange::Clear => self.due_at = None,
            DueChange::Keep => {}
        }
        if outcome.timers.cancel_pending {
            self.pending.clear();
        }
        self.pending.extend(outcome.timers.schedule);
    }
}

fn run_step(workflow: &Workflow, sim: &mut Simulated, step: &Step) -> Result<(), TestCaseError> {
    match step {
        Step::Transition {
            pick,
            actor,
            comment,
            partner,
            hours,
        } => {
            sim.now += TimeDelta::hours(*hours);
            let names = workflow.transitions();
            let name = names
                .get(pick % (names.len() + 1))
                .map_or("bogus", |t| t.name.as_str());
            let actor = sim.actor(*actor);
            let input = TransitionInput {
                comment: comment.map(str::to_owned),
                partner: partner.map(str::to_owned),
            };
            let allowed: Vec<String> = allowed_transitions(workflow, &sim.snapshot(), &actor)
                .iter()
                .map(|t| t.name.clone())
                .collect();
            let result = apply(workflow, &sim.snapshot(), name, &actor, &input, sim.now);
            if let Ok(outcome) = result {
                prop_assert!(
                    allowed.iter().any(|a| a == name),
                    "{name} applied but not allowed"
                );
                sim.record(outcome);
            }
        }
        Step::FireTimer { pick } => {
            if sim.pending.is_empty() {
                return Ok(());
            }
            let timer = sim.pending.remove(pick % sim.pending.len());
            sim.now = sim.now.max(timer.due_at);
            let fired = fire_timer(
                workflow,
                &sim.snapshot(),
                &timer.name,
                timer.fire_number,
                sim.now,
            );
            match fired {
                Ok(TimerOutcome::Stale) => {
                    prop_assert!(false, "pending timers are cancelled on leaving a state")
                }
                Ok(TimerOutcome::Reminded { next, .. }) => sim.pending.extend(next),
                Ok(TimerOutcome::Escalated { .. }) => {}
                Ok(TimerOutcome::Transitioned(outcome)) => sim.record(*outcome),
                Err(error) => prop_assert!(false, "timer fire failed: {error}"),
            }
        }
    }
    Ok(())
}

fn check_invariants(workflow: &Workflow, sim: &Simulated) -> Result<(), TestCaseError> {
    let state = workflow.state(&sim.state);
    prop_assert!(state.is_some(), "unknown state {}", sim.state);
    prop_assert_eq!(replay(workflow, &sim.history), Ok(sim.state.as_str()));
    if state.is_some_and(|state| state.kind == StateKind::Terminal) {
        prop_assert!(sim.pending.is_empty(), "no timers run in a terminal state");
        let full = TransitionInput {
            comment: Some("text".into()),
            partner: Some("ngo".into()),
        };
        for transition in workflow.transitions() {
            for actor in [Actor::admin(), Actor::partner(true), Actor::system()] {
                let result = apply(
                    workflow,
                    &sim.snapshot(),
                    &transition.name,
                    &actor,
                    &full,
                    sim.now,
                );
                prop_assert!(
                    matches!(result, Err(TransitionError::Terminal { .. })),
                    "{} from terminal {}: {:?}",
                    transition.name,
                    sim.state,
                    result
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_histories_stay_within_the_definition_and_replay_to_the_current_state(
        permit in any::<bool>(),
        steps in prop::collection::vec(step(), 1..60),
    ) {
        let set = defaults();
        let workflow = set.latest(if permit { "permit" } else { "general" }).expect("exists");
        let mut sim = Simulated::new(workflow);
        for step in &steps {
            run_step(workflow, &mut sim, step)?;
            check_invariants(workflow, &sim)?;
        }
    }
}
