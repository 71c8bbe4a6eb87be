//! `bangban-server`: the bangban server (binary `bangban`).
//!
//! axum + tower-http: the JSON API and the WebSocket under `/api`, the built widget at `/widget`, the console
//! at `/console`, and `public/` (the loader `bangban.js`, demo pages) at `/`. Storage is a trait
//! ([`store::Store`]) with SQLite as the embedded default. Run it with `cargo xtask serve` (builds the apps
//! first) or `bangban serve --demo`; test it with `cargo test -p bangban-server`.
//!
//! Invariants: a message is acknowledged only after a durable commit; `seq` is per conversation and gapless;
//! every API call checks who is asking ([`policy`]).

pub mod accounts;
pub mod admin;
pub mod api;
pub mod auth;
pub mod bancheng;
pub mod blobs;
pub mod chat;
pub mod clock;
pub mod config;
pub mod demo;
pub mod error;
pub mod faq;
pub mod followup;
pub mod hub;
pub mod items;
pub mod kb;
pub mod kb_io;
pub mod kbwork;
pub mod ledger;
pub mod media;
pub mod policy;
pub mod rating;
pub mod router;
pub mod service;
pub mod sla;
pub mod state;
pub mod stats;
pub mod store;
pub mod tickets;
pub mod transfer;
pub mod ws;

use std::sync::Arc;

use anyhow::Context;
use axum::serve::ListenerExt;
use bangban_core::calendar::Calendar;
use bangban_core::hours::Hours;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::blobs::{BlobStore, ObjectBlobs};
use crate::clock::Clock;
use crate::config::ServeArgs;
use crate::items::Registry;
use crate::router::StaticDirs;
use crate::state::AppState;
use crate::store::Store;
use crate::store::sqlite::SqliteStore;

/// A server ready to run: its state, its static folders and the password of the demo accounts.
pub struct Prepared {
    /// Application state.
    pub state: AppState,
    /// Where the static files are.
    pub dirs: StaticDirs,
    /// The demo password, when `--demo`.
    pub demo_password: Option<String>,
    /// Flip to `true` to shut down.
    pub shutdown: watch::Sender<bool>,
}

/// Opens storage, seeds the demo when asked, and builds the state.
pub async fn prepare(args: &ServeArgs) -> anyhow::Result<Prepared> {
    let clock = clock_for(args)?;
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&args.database).await?);
    let items = Arc::new(load_items(store.as_ref(), args.items.as_deref()).await?);
    let demo_password = if args.demo {
        demo::seed_kb(store.as_ref(), clock.now_ms()).await?;
        Some(demo::seed_agents(store.as_ref(), args.demo_password.clone()).await?)
    } else {
        None
    };
    let kb = Arc::new(kb::Published::load(store.as_ref(), clock).await?);
    let calendar = Arc::new(load_calendar(args.calendar.as_deref())?);
    let hours = Arc::new(match &args.hours {
        Some(path) => Hours::from_json(&read(path)?).map_err(|e| anyhow::anyhow!("{e}"))?,
        None => Hours::builtin(),
    });
    let canned = Arc::new(match &args.canned {
        Some(path) => serde_json::from_str(&read(path)?)
            .with_context(|| format!("{} is not a JSON list of strings", path.display()))?,
        None => serde_json::from_str(DEFAULT_CANNED)?,
    });
    let blobs: Arc<dyn BlobStore> = Arc::new(match &args.blobs {
        Some(spec) => ObjectBlobs::open(spec)?,
        None => ObjectBlobs::local(&blobs::default_dir(&args.database))?,
    });
    let (shutdown, shutdown_rx) = watch::channel(false);
    let state = AppState {
        store,
        blobs,
        hub: Arc::default(),
        kb,
        items,
        clock,
        calendar,
        hours,
        canned,
        auto_assign: args.auto_assign,
        shutdown: shutdown_rx,
    };
    media::sweep(&state).await?;
    let dirs = StaticDirs {
        dist: args.dist.clone(),
        public: args.public.clone(),
    };
    Ok(Prepared {
        state,
        dirs,
        demo_password,
        shutdown,
    })
}

/// The item registry from the database; at first start (or when `--items` names a file) it is (re)seeded
/// from the file, or from the built-in 35 items.
async fn load_items(store: &dyn Store, file: Option<&std::path::Path>) -> anyhow::Result<Registry> {
    let stored = store.items().await?;
    let items = match file {
        Some(path) => items::parse(&read(path)?)?,
        None if stored.is_empty() => items::parse(items::DEFAULT_ITEMS)?,
        None => return Ok(Registry::new(&stored)),
    };
    items::validate(&items).map_err(|e| anyhow::anyhow!("items: {e}"))?;
    store.replace_items(&items).await?;
    Ok(Registry::new(&items))
}

/// The built-in canned replies.
pub const DEFAULT_CANNED: &str = include_str!("../../data/canned.json");

fn read(path: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// The calendar files of a folder (every `*.json`), or the built-in ones.
fn load_calendar(dir: Option<&std::path::Path>) -> anyhow::Result<Calendar> {
    let Some(dir) = dir else {
        return Ok(Calendar::builtin());
    };
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            texts.push(read(&path)?);
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    Calendar::from_json(&refs).map_err(|e| anyhow::anyhow!("calendar in {}: {e}", dir.display()))
}

/// The clock: `BANGBAN_DEMO_NOW` moves it, in demo mode only.
fn clock_for(args: &ServeArgs) -> anyhow::Result<Clock> {
    match (&args.demo_now, args.demo) {
        (Some(start), true) => {
            let ts: jiff::Timestamp = start
                .parse()
                .with_context(|| format!("BANGBAN_DEMO_NOW is not RFC 3339: {start}"))?;
            Ok(Clock::starting_at(ts.as_millisecond()))
        }
        (Some(_), false) => {
            tracing::warn!("BANGBAN_DEMO_NOW is ignored without --demo");
            Ok(Clock::system())
        }
        (None, _) => Ok(Clock::system()),
    }
}

/// How often the response clock looks at the waiting chats.
pub const SLA_TICK: std::time::Duration = std::time::Duration::from_secs(1);

/// How often the server looks for a knowledge base changed by another process.
pub const KB_POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// Serves until `stop` resolves; then tells every socket to go away and finishes.
pub async fn run(
    listener: TcpListener,
    prepared: Prepared,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let app = router::router(prepared.state.clone(), &prepared.dirs);
    let state = &prepared.state;
    tokio::spawn(sla::run(state.clone(), SLA_TICK));
    tokio::spawn(kb::follow(
        state.store.clone(),
        state.kb.clone(),
        state.shutdown.clone(),
        KB_POLL,
    ));
    let shutdown = prepared.shutdown;
    let signal = async move {
        stop.await;
        let _ = shutdown.send(true);
    };
    let hub = state.hub.clone();
    let listener = listener.tap_io(|tcp| {
        // Chat frames are small: send them at once instead of waiting to fill a packet.
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(error = %err, "TCP_NODELAY not set");
        }
    });
    // `into_make_service`: each connection gets a cheap clone of the router. Serving the `Router` itself
    // re-prepares every route for each new connection (axum calls `with_state(())` per connection), which
    // heaptrack showed as ~12 KB of allocations per connection, held while it is open.
    axum::serve(listener, app.into_make_service())
        .with_graceful_shutdown(signal)
        .await
        .context("server failed")?;
    // Upgraded sockets outlive `serve`: give each the moment it needs to send its "going away" close.
    let deadline = std::time::Instant::now() + SOCKET_CLOSE_GRACE;
    while !hub.is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    Ok(())
}

/// How long shutdown waits for the WebSocket sessions to close with 1001.
pub const SOCKET_CLOSE_GRACE: std::time::Duration = std::time::Duration::from_secs(5);
