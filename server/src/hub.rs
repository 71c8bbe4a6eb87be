//! The live connections: who is connected and how to reach them.
//!
//! Each connection has a bounded outgoing queue. Broadcasting never waits: a connection whose queue is
//! full is kicked (it reconnects and syncs from its last `seq`), so one stalled client can neither slow the
//! others down nor make the server buffer without bound.
//!
//! Frames are queued already serialized ([`Utf8Bytes`], shared by reference count): a message to both sides
//! of a chat is turned into JSON once, and a queue slot is 32 bytes instead of a whole `ServerFrame` (tokio's
//! channel allocates its slots in blocks of 32; with frames that block alone was ~12 KB per connection).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::ws::Utf8Bytes;
use bangban_core::protocol::ServerFrame;
use tokio::sync::{Notify, mpsc};

use crate::auth::Caller;
use crate::store::{AgentRecord, ConversationRecord};

/// Frames queued per connection before it is considered stalled.
pub const CONNECTION_QUEUE: usize = 256;

/// The registry of live connections.
#[derive(Default)]
pub struct Hub {
    conns: Mutex<HashMap<u64, Conn>>,
    next_id: AtomicU64,
}

struct Conn {
    who: Caller,
    tx: mpsc::Sender<Utf8Bytes>,
    kick: Arc<Notify>,
}

/// A registered connection's end: frames to send, and the signal that it was kicked for being slow.
pub struct Registration {
    /// Connection id, for [`Hub::unregister`].
    pub id: u64,
    /// Frames to write to the socket, as JSON text.
    pub rx: mpsc::Receiver<Utf8Bytes>,
    /// Notified when the connection fell too far behind.
    pub kick: Arc<Notify>,
}

impl Hub {
    /// Registers a new connection of `who`.
    pub fn register(&self, who: Caller) -> Registration {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(CONNECTION_QUEUE);
        let kick = Arc::new(Notify::new());
        let conn = Conn {
            who,
            tx,
            kick: kick.clone(),
        };
        self.lock().insert(id, conn);
        Registration { id, rx, kick }
    }

    /// Forgets a connection.
    pub fn unregister(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Number of live connections.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no connection is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sends a frame to the citizen and the assigned agent of a conversation.
    pub fn to_conversation(&self, conv: &ConversationRecord, frame: &ServerFrame) {
        self.deliver(frame, |who| match who {
            Caller::Visitor(v) => *v == conv.visitor_id,
            Caller::Agent(a) => Some(a.id) == conv.agent_id,
        });
    }

    /// Sends each connected citizen the frame for them in `frames` (by visitor id), in one pass.
    pub fn to_visitors(&self, frames: &HashMap<i64, ServerFrame>) {
        self.deliver_each(|who| match who {
            Caller::Visitor(v) => frames.get(v).cloned(),
            Caller::Agent(_) => None,
        });
    }

    /// Sends each connected agent the frame `make` builds for them, if any.
    pub fn to_agents(&self, make: impl Fn(&AgentRecord) -> Option<ServerFrame>) {
        self.deliver_each(|who| match who {
            Caller::Agent(agent) => make(agent),
            Caller::Visitor(_) => None,
        });
    }

    /// Offers each connection the frame `make` builds for it; drops the stalled ones.
    fn deliver_each(&self, make: impl Fn(&Caller) -> Option<ServerFrame>) {
        let mut conns = self.lock();
        let mut stalled = Vec::new();
        for (id, conn) in conns.iter() {
            if let Some(frame) = make(&conn.who)
                && !offer(conn, encode(&frame))
            {
                stalled.push(*id);
            }
        }
        for id in stalled {
            conns.remove(&id);
        }
    }

    fn deliver(&self, frame: &ServerFrame, to: impl Fn(&Caller) -> bool) {
        let text = encode(frame);
        let mut conns = self.lock();
        let stalled: Vec<u64> = conns
            .iter()
            .filter(|(_, c)| to(&c.who))
            .filter(|(_, c)| !offer(c, text.clone()))
            .map(|(id, _)| *id)
            .collect();
        for id in stalled {
            conns.remove(&id);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Conn>> {
        self.conns
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A frame as the JSON text sent on the socket.
pub fn encode(frame: &ServerFrame) -> Utf8Bytes {
    // Serializing our own types to a String cannot fail (no maps with non-string keys, no custom errors).
    Utf8Bytes::from(serde_json::to_string(frame).unwrap_or_default())
}

/// Queues a frame without waiting; a full or closed queue kicks the connection and returns false.
fn offer(conn: &Conn, frame: Utf8Bytes) -> bool {
    match conn.tx.try_send(frame) {
        Ok(()) => true,
        Err(_) => {
            conn.kick.notify_one();
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bangban_core::protocol::{ConversationStatus, ConversationView};

    fn conv(visitor_id: i64, agent_id: Option<i64>) -> ConversationRecord {
        ConversationRecord {
            view: ConversationView {
                status: ConversationStatus::Active,
                ..ConversationView::default()
            },
            visitor_id,
            agent_id,
            rating_first_ms: None,
        }
    }

    #[tokio::test]
    async fn frames_reach_only_the_conversations_citizen() {
        let hub = Hub::default();
        let mut mine = hub.register(Caller::Visitor(1));
        let mut other = hub.register(Caller::Visitor(2));
        hub.to_conversation(&conv(1, None), &ServerFrame::Pong);
        assert_eq!(mine.rx.try_recv().unwrap(), encode(&ServerFrame::Pong));
        assert!(other.rx.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_stalled_connection_is_kicked_not_buffered() {
        let hub = Hub::default();
        let reg = hub.register(Caller::Visitor(1));
        for _ in 0..CONNECTION_QUEUE {
            hub.to_conversation(&conv(1, None), &ServerFrame::Pong);
        }
        assert_eq!(hub.len(), 1);
        hub.to_conversation(&conv(1, None), &ServerFrame::Pong);
        assert_eq!(hub.len(), 0, "the stalled connection is dropped");
        tokio::time::timeout(std::time::Duration::from_secs(1), reg.kick.notified())
            .await
            .expect("the connection is told to go");
    }
}
