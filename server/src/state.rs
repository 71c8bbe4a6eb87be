//! The one application state every handler gets: cheap to clone, no globals.

use std::sync::Arc;

use bangban_core::calendar::Calendar;
use bangban_core::hours::Hours;
use tokio::sync::watch;

use crate::blobs::BlobStore;
use crate::clock::Clock;
use crate::hub::Hub;
use crate::items::Registry;
use crate::kb::Published;
use crate::store::Store;

/// Shared state of the running server.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<dyn Store>,
    /// Uploaded screenshots and voice clips.
    pub blobs: Arc<dyn BlobStore>,
    /// Live connections.
    pub hub: Arc<Hub>,
    /// The published knowledge base.
    pub kb: Arc<Published>,
    /// Service items and their departments.
    pub items: Arc<Registry>,
    /// The server's clock.
    pub clock: Clock,
    /// China's working days, for hours and deadlines.
    pub calendar: Arc<Calendar>,
    /// Online human help hours per department.
    pub hours: Arc<Hours>,
    /// Give waiting chats to agents automatically (`--auto-assign`) instead of waiting for 接入.
    pub auto_assign: bool,
    /// Canned replies offered to agents.
    pub canned: Arc<Vec<String>>,
    /// Becomes `true` when the server is shutting down; sockets then close with "going away".
    pub shutdown: watch::Receiver<bool>,
}
