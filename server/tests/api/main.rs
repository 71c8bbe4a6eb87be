//! Server integration tests: the real server on a real port with a fresh SQLite file per test.
//! One test binary (`cargo test -p bangban-server --test api`), a module per behaviour.

mod helpers;

mod access;
mod admin;
mod auth;
mod bad_input;
mod bancheng;
mod chat;
mod kb;
mod kb_pages;
mod kbwork;
mod ledger;
mod media;
mod rating;
mod restart;
mod service;
mod stats;
