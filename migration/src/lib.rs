//! The schema, as an append-only list of migrations: once a migration has landed it is never
//! edited; a change is a new file. Every migration runs on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261203_000001_create_partners;
mod m20261203_000002_create_users;
mod m20261203_000003_create_api_tokens;
mod m20261203_000004_create_newcomers;
mod m20261203_000005_create_requests;
mod m20261203_000006_create_request_events;
mod m20261203_000007_create_app_secrets;
mod m20261203_000008_create_reference_counters;
mod m20261203_000009_create_outbox;
mod m20261203_000010_create_timers;
mod m20261203_000011_create_sessions;
mod m20261203_000012_create_audit_log;
mod m20261203_000013_create_dev_mailbox;
mod m20261203_000014_create_bench_rows;
mod m20261203_000015_add_sharing_consent;
mod m20261203_000016_create_routing_rules;
mod m20261203_000017_create_referrals;
mod m20261203_000018_index_request_lists;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261203_000001_create_partners::Migration),
            Box::new(m20261203_000002_create_users::Migration),
            Box::new(m20261203_000003_create_api_tokens::Migration),
            Box::new(m20261203_000004_create_newcomers::Migration),
            Box::new(m20261203_000005_create_requests::Migration),
            Box::new(m20261203_000006_create_request_events::Migration),
            Box::new(m20261203_000007_create_app_secrets::Migration),
            Box::new(m20261203_000008_create_reference_counters::Migration),
            Box::new(m20261203_000009_create_outbox::Migration),
            Box::new(m20261203_000010_create_timers::Migration),
            Box::new(m20261203_000011_create_sessions::Migration),
            Box::new(m20261203_000012_create_audit_log::Migration),
            Box::new(m20261203_000013_create_dev_mailbox::Migration),
            Box::new(m20261203_000014_create_bench_rows::Migration),
            Box::new(m20261203_000015_add_sharing_consent::Migration),
            Box::new(m20261203_000016_create_routing_rules::Migration),
            Box::new(m20261203_000017_create_referrals::Migration),
            Box::new(m20261203_000018_index_request_lists::Migration),
        ]
    }
}
