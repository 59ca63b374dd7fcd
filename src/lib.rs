//! expat-desk: case management for a city's expat centre.
//!
//! Layers (each may use only those below it): `web` → `services` → `workflow` (pure) and
//! `entity`; `domain` holds the parsed input values every layer shares.

pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod services;
pub mod startup;
pub mod telemetry;
pub mod web;
pub mod workflow;
