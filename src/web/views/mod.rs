//! View models: one askama template struct per page, built from service results (never from
//! entities).

pub mod account;
pub mod admin;
pub mod auth;
pub mod dashboard;
pub mod errors;
pub mod forms;
pub mod home;
pub mod intake;
pub mod layout;
pub mod mail;
pub mod newcomers;
pub mod referrals;
pub mod requests;
pub mod status;
