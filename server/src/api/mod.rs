//! HTTP handlers by resource, named by verb. The routes are listed in `router.rs`.

pub mod admin;
pub mod agent;
pub mod auth;
pub mod cases;
pub mod conversations;
pub mod kb;
pub mod kbwork;
pub mod ledger;
pub mod service;
pub mod stats;
pub mod tickets;
pub mod visitors;
