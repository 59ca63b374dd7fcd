//! SeaORM entities, one file per table: plain data, no queries and no logic.

pub mod api_token;
pub mod app_secret;
pub mod audit_entry;
pub mod bench_row;
pub mod dev_mail;
pub mod newcomer;
pub mod outbox_message;
pub mod partner;
pub mod reference_counter;
pub mod referral;
pub mod request;
pub mod request_event;
pub mod routing_rule;
pub mod session;
pub mod timer;
pub mod user;
