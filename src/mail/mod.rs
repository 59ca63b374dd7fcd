//! E-mail: rendering (askama + Fluent) and, with the outbox, delivery.

pub mod render;
