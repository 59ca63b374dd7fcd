//! Plausible histories through a workflow: which state a seeded request ends in, and a
//! sequence of transitions that gets it there which the engine itself would allow.
//!
//! A workflow is seen as a graph over (state, referred to a partner or not), because the
//! partner guards (`has_partner`, `no_partner`) decide which transitions are possible.

use chrono::TimeDelta;
use rand::Rng;
use rand::rngs::StdRng;

use crate::workflow::{Effect, Guard, Role, StateKind, TimerThen, Workflow};

/// One possible move: a transition from one node to another.
#[derive(Debug, Clone, Copy)]
pub(super) struct Edge {
    /// Index into `Workflow::transitions()`.
    pub transition: usize,
    /// The node it leads to.
    pub to: usize,
    /// A caseworker may apply it.
    pub by_caseworker: bool,
    /// A timer applies it (as the system) after this delay in the state it leaves.
    pub by_timer: Option<TimerDelay>,
}

/// How long after entering a state a timer applies its `then` transition.
#[derive(Debug, Clone, Copy)]
pub(super) struct TimerDelay {
    pub after: u32,
    pub unit: crate::workflow::Unit,
    /// Fires before the transition: `repeat` reminders, then the step itself.
    pub fires: u32,
}

/// Weights of final states by kind: most seeded requests are still being worked on.
const INITIAL_WEIGHT: u32 = 10;
const OPEN_WEIGHT: u32 = 12;
const WAITING_WEIGHT: u32 = 8;
const TERMINAL_WEIGHT: u32 = 7;
/// Probability of wandering (any move that can still reach the target) instead of heading
/// straight for it, while a history is shorter than `MAX_WANDER` steps.
const WANDER: f64 = 0.45;
const MAX_WANDER: usize = 10;
/// Probability of stopping once the target state is reached.
const STOP_AT_TARGET: f64 = 0.6;

/// Everything the seeder needs to know about one workflow version, computed once.
pub(super) struct WorkflowPlan<'w> {
    pub workflow: &'w Workflow,
    /// (state index, referred) of each node; node `2 * state + referred`.
    edges: Vec<Vec<Edge>>,
    /// `distance[target_state][node]`: fewest moves from node to target, `u32::MAX` if none.
    distance: Vec<Vec<u32>>,
    /// Cumulative weights of the final states, in state order.
    cumulative: Vec<u32>,
    initial: usize,
    /// For states with timers: how recently a request must have entered it so that its
    /// timers are still in the future (seeding must not leave a backlog of due timers).
    timer_window: Vec<Option<TimeDelta>>,
}

impl<'w> WorkflowPlan<'w> {
    /// Builds the graph of `workflow`.
    pub fn new(workflow: &'w Workflow) -> Self {
        let states = workflow.states();
        let index_of = |name: &str| states.iter().position(|s| s.name == name);
        let node_count = states.len() * 2;
        let mut edges = vec![Vec::new(); node_count];
        for (t_index, transition) in workflow.transitions().iter().enumerate() {
            let Some(to_state) = index_of(&transition.to) else {
                continue;
            };
            let by_caseworker = transition.roles.contains(&Role::Caseworker)
                || transition.roles.contains(&Role::Admin);
            let by_system = transition.roles.contains(&Role::System)
                && workflow.is_timer_transition(&transition.name);
            if !by_caseworker && !by_system {
                continue;
            }
            for from in &transition.from {
                let Some(from_state) = index_of(from) else {
                    continue;
                };
                if states[from_state].kind == StateKind::Terminal {
                    continue;
                }
                let by_timer = by_system
                    .then(|| timer_delay(workflow, from, &transition.name))
                    .flatten();
                for referred in [false, true] {
                    if transition.has_guard(Guard::HasPartner) && !referred {
                        continue;
                    }
                    if transition.has_guard(Guard::NoPartner) && referred {
                        continue;
                    }
                    let offers = transition
                        .effects
                        .iter()
                        .any(|e| matches!(e, Effect::OfferReferral));
                    let closes = transition
                        .effects
                        .iter()
                        .any(|e| matches!(e, Effect::CloseReferral { .. }));
                    let referred_after = (referred || offers) && !closes;
                    edges[node(from_state, referred)].push(Edge {
                        transition: t_index,
                        to: node(to_state, referred_after),
                        by_caseworker,
                        by_timer,
                    });
                }
            }
        }
        let distance = (0..states.len())
            .map(|target| distances_to(&edges, target))
            .collect::<Vec<_>>();
        let initial = node(index_of(workflow.initial()).unwrap_or_default(), false);
        let mut cumulative = Vec::with_capacity(states.len());
        let mut sum = 0;
        for (index, state) in states.iter().enumerate() {
            let reachable = distance[index][initial] != u32::MAX;
            let weight = match state.kind {
                _ if !reachable => 0,
                _ if node(index, false) == initial => INITIAL_WEIGHT,
                StateKind::Open => OPEN_WEIGHT,
                StateKind::Waiting => WAITING_WEIGHT,
                StateKind::Terminal => TERMINAL_WEIGHT,
            };
            sum += weight;
            cumulative.push(sum);
        }
        let timer_window = states
            .iter()
            .map(|state| {
                workflow
                    .timers_of_state(&state.name)
                    // A working day is never shorter than a calendar day, and a calendar
                    // day at least 23 hours: nine tenths of `after` days is safe.
                    .map(|timer| i64::from(timer.after) * 24 * 54)
                    .min()
                    .map(|minutes| TimeDelta::minutes(minutes.max(60)))
            })
            .collect();
        Self {
            workflow,
            edges,
            distance,
            cumulative,
            initial,
            timer_window,
        }
    }

    /// A final state, by weight.
    pub fn pick_state(&self, rng: &mut StdRng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or_default();
        if total == 0 {
            return self.initial / 2;
        }
        let roll = rng.random_range(0..total);
        self.cumulative
            .iter()
            .position(|&c| roll < c)
            .unwrap_or_default()
    }

    /// The index of the initial state.
    pub fn initial_state(&self) -> usize {
        self.initial / 2
    }

    /// Whether `state` is terminal.
    pub fn is_terminal(&self, state: usize) -> bool {
        self.workflow
            .states()
            .get(state)
            .is_some_and(|s| s.kind == StateKind::Terminal)
    }

    /// How recently a request must have entered `state` (None: the state has no timers).
    pub fn timer_window(&self, state: usize) -> Option<TimeDelta> {
        self.timer_window.get(state).copied().flatten()
    }

    /// A random history from the initial state to `target`: wanders a little (loops such
    /// as asking the newcomer for information, a declined referral) and may pass the
    /// target before settling in it.
    pub fn walk(&self, target: usize, rng: &mut StdRng) -> Vec<Edge> {
        let distance = &self.distance[target];
        let mut at = self.initial;
        let mut path = Vec::new();
        if distance[at] == u32::MAX {
            return path;
        }
        loop {
            let reachable = |edge: &&Edge| distance[edge.to] != u32::MAX;
            let closer = |edge: &&Edge| distance[edge.to] < distance[at];
            let options: Vec<&Edge> = if distance[at] == 0 {
                if path.len() >= MAX_WANDER || rng.random_bool(STOP_AT_TARGET) {
                    break;
                }
                self.edges[at].iter().filter(reachable).collect()
            } else if path.len() < MAX_WANDER && rng.random_bool(WANDER) {
                self.edges[at].iter().filter(reachable).collect()
            } else {
                self.edges[at].iter().filter(closer).collect()
            };
            let Some(&&edge) = options.get(rng.random_range(0..options.len().max(1))) else {
                break;
            };
            path.push(edge);
            at = edge.to;
        }
        path
    }
}

fn node(state: usize, referred: bool) -> usize {
    state * 2 + usize::from(referred)
}

/// Fewest moves from every node to any node of `target` (breadth-first, backwards).
fn distances_to(edges: &[Vec<Edge>], target: usize) -> Vec<u32> {
    let mut distance = vec![u32::MAX; edges.len()];
    let mut queue = std::collections::VecDeque::new();
    for referred in [false, true] {
        distance[node(target, referred)] = 0;
        queue.push_back(node(target, referred));
    }
    while let Some(current) = queue.pop_front() {
        for (from, outgoing) in edges.iter().enumerate() {
            if distance[from] == u32::MAX && outgoing.iter().any(|e| e.to == current) {
                distance[from] = distance[current] + 1;
                queue.push_back(from);
            }
        }
    }
    distance
}

/// The timer of `state` whose final step applies `transition`, and when that happens.
fn timer_delay(workflow: &Workflow, state: &str, transition: &str) -> Option<TimerDelay> {
    workflow
        .timers_of_state(state)
        .find(|timer| matches!(&timer.then, Some(TimerThen::Transition(t)) if t == transition))
        .map(|timer| TimerDelay {
            after: timer.after,
            unit: timer.unit,
            fires: timer.repeat.saturating_add(1),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{Actor, RequestSnapshot, TransitionInput, WorkflowSet, apply};
    use rand::SeedableRng;

    #[test]
    fn every_walk_is_one_the_engine_accepts_and_ends_in_its_target() {
        let set = WorkflowSet::embedded_default().expect("defaults");
        let mut rng = StdRng::seed_from_u64(7);
        for workflow in set.workflows() {
            let plan = WorkflowPlan::new(workflow);
            for target in 0..workflow.states().len() {
                for _ in 0..50 {
                    let path = plan.walk(target, &mut rng);
                    let mut state = workflow.initial().to_owned();
                    let mut referred = false;
                    let now = chrono::Utc::now();
                    for edge in &path {
                        let transition = &workflow.transitions()[edge.transition];
                        let input = TransitionInput {
                            comment: Some("because".into()),
                            partner: Some("partner-01".into()),
                        };
                        let snapshot = RequestSnapshot {
                            state: &state,
                            has_partner: referred,
                            due_at: None,
                            state_entered_at: now,
                        };
                        let outcome = apply(
                            workflow,
                            &snapshot,
                            &transition.name,
                            &Actor::caseworker(),
                            &input,
                            now,
                        )
                        .or_else(|_| {
                            apply(
                                workflow,
                                &snapshot,
                                &transition.name,
                                &Actor::system(),
                                &input,
                                now,
                            )
                        })
                        .expect("the engine accepts every step");
                        referred = match outcome.partner {
                            crate::workflow::PartnerChange::Keep => referred,
                            crate::workflow::PartnerChange::Set(_) => true,
                            crate::workflow::PartnerChange::Clear => false,
                        };
                        state = outcome.to;
                    }
                    assert_eq!(state, workflow.states()[target].name);
                }
            }
        }
    }

    #[test]
    fn most_final_states_are_open() {
        let set = WorkflowSet::embedded_default().expect("defaults");
        let mut rng = StdRng::seed_from_u64(1);
        for workflow in set.workflows() {
            let plan = WorkflowPlan::new(workflow);
            let terminal = (0..1000)
                .filter(|_| {
                    workflow.states()[plan.pick_state(&mut rng)].kind == StateKind::Terminal
                })
                .count();
            assert!(terminal < 300, "{terminal}");
        }
    }
}
