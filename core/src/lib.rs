//! `bangban-core`: what the bangban server and both browser apps share.
//!
//! Wire protocol ([`protocol`]), knowledge-base model ([`kb`]), the FAQ matcher ([`matcher`]), 好差评 ([`rating`])
//! and text rules ([`text`]). Pure Rust without I/O: it builds for `wasm32-unknown-unknown` and native alike
//! (`cargo check -p bangban-core --target wasm32-unknown-unknown`). Run its tests with `cargo test -p bangban-core`.

pub mod calendar;
pub mod followup;
pub mod hours;
pub mod kb;
pub mod kbwork;
pub mod ledger;
pub mod matcher;
pub mod media;
pub mod protocol;
pub mod rating;
pub mod standards;
pub mod text;
pub mod ticket;
