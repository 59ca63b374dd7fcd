//! Integration tests: the real application on a random port, a fresh real database per test
//! (SQLite by default, PostgreSQL when `EXPAT_DESK_TEST_POSTGRES_URL` is set), talked to over
//! HTTP.

mod helpers;

mod auth;
mod authorization;
mod cli;
mod health;
mod mail;
mod newcomers;
mod pages;
mod partners;
mod referrals;
mod request_list;
mod requests;
mod seed;
mod status;
mod timers;
mod transitions;
mod workflows;
