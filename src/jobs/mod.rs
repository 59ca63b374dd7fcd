//! Background work that runs inside `serve`: loops around single-step service calls, so
//! tests can drive the same steps themselves.

pub mod outbox;
pub mod timers;
