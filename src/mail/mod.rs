//! E-mail: rendering (askama + Fluent), the message format (threading, auto-reply
//! suppression) and the transports. Delivery from the outbox is in `services::outbox`.

pub mod message;
pub mod render;
pub mod sink;
pub mod transport;
