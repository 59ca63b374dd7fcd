//! View models: one askama template struct per page, built from service results (never from
//! entities).

pub mod home;
