//! Group commit for chat messages: one writer task stores many messages in one SQLite transaction.
//!
//! With `synchronous=FULL` every commit waits for the disk, so committing each message alone caps the
//! server at the commits per second the disk allows. [`Appender::append`] instead queues the message on a
//! bounded channel; the writer takes every request waiting (at most [`MAX_BATCH`]), stores them in one
//! transaction with the same code as a lone append (dedupe by `client_id`, `seq = last_seq + 1`, first
//! response time), and answers each waiter only after `COMMIT` returned: an ack still follows a durable
//! commit. If anything in a batch fails, the batch is rolled back and each request is tried again in its
//! own transaction, so one bad request fails alone.
//!
//! The writer borrows the store's one write connection per batch and returns it after, so the other writes
//! (接入, 结束会话 ...) take turns with batches; it never waits for anything while holding the connection,
//! so the two cannot deadlock. A waiter that gives up (its request dropped) does not stop its message from
//! being stored; clients learn of it by `sync`, as after any lost ack.

use anyhow::{Context, anyhow};
use bangban_core::protocol::ChatMessage;
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use super::sqlite::append_in;
use super::{NewMessage, StoreResult};

/// Most messages committed in one transaction.
pub const MAX_BATCH: usize = 256;
/// Requests waiting for the writer before `append` waits for room (back pressure, not unbounded memory).
const QUEUE: usize = 4 * MAX_BATCH;

/// What an append answers: the stored message and whether it is new.
type Appended = StoreResult<(ChatMessage, bool)>;

struct Request {
    msg: NewMessage,
    reply: oneshot::Sender<Appended>,
}

/// The handle to the writer task; cheap to clone. The task ends when the last handle is dropped.
#[derive(Clone)]
pub struct Appender {
    tx: mpsc::Sender<Request>,
}

impl Appender {
    /// Starts the writer on `pool`, the store's write pool. Must be called inside a Tokio runtime.
    pub fn spawn(pool: SqlitePool) -> Appender {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(write_loop(pool, rx));
        Appender { tx }
    }

    /// Stores a message durably; returns once the transaction holding it is committed. A repeated
    /// `client_id` returns the stored message and `false`.
    pub async fn append(&self, msg: &NewMessage) -> Appended {
        let (reply, answer) = oneshot::channel();
        let request = Request {
            msg: msg.clone(),
            reply,
        };
        self.tx
            .send(request)
            .await
            .map_err(|_| anyhow!("the message writer has stopped"))?;
        answer.await.context("the message writer has stopped")?
    }
}

/// Takes whatever is waiting, commits it as one batch, and again, until every handle is gone.
async fn write_loop(pool: SqlitePool, mut rx: mpsc::Receiver<Request>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit(&pool, std::mem::take(&mut batch)).await;
    }
}

/// Commits a batch and answers every request; on failure, one transaction per request.
async fn commit(pool: &SqlitePool, batch: Vec<Request>) {
    let started = std::time::Instant::now();
    let result = store_all(pool, &batch).await;
    tracing::debug!(
        size = batch.len(),
        micros = started.elapsed().as_micros() as u64,
        "batch"
    );
    match result {
        Ok(stored) => {
            for (request, result) in batch.into_iter().zip(stored) {
                let _ = request.reply.send(Ok(result));
            }
        }
        Err(err) if batch.len() == 1 => {
            if let Some(request) = batch.into_iter().next() {
                let _ = request.reply.send(Err(err));
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, size = batch.len(), "batch append failed; one by one");
            for request in batch {
                let result = store_all(pool, std::slice::from_ref(&request)).await;
                let _ = request.reply.send(result.map(|mut one| one.remove(0)));
            }
        }
    }
}

/// Stores every request's message in one transaction, in order.
async fn store_all(pool: &SqlitePool, batch: &[Request]) -> StoreResult<Vec<(ChatMessage, bool)>> {
    let mut tx = pool.begin().await?;
    let mut stored = Vec::with_capacity(batch.len());
    for request in batch {
        stored.push(append_in(&mut tx, &request.msg).await?);
    }
    tx.commit().await?;
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sqlite::SqliteStore;
    use crate::store::{NewConversation, Store};
    use bangban_core::protocol::SenderKind;

    async fn store_with_chat(dir: &tempfile::TempDir) -> SqliteStore {
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = SqliteStore::open(&url).await.unwrap();
        let visitor = store.create_visitor("hash", 0).await.unwrap();
        let chat = NewConversation {
            id: "c1".into(),
            visitor_id: visitor,
            item: None,
            department: None,
            first_question: String::new(),
            bot_turns: Vec::new(),
            now_ms: 0,
        };
        store.create_conversation(&chat).await.unwrap();
        store
    }

    fn message(conversation: &str, client_id: &str) -> NewMessage {
        NewMessage {
            conversation: conversation.into(),
            client_id: client_id.into(),
            sender: SenderKind::Citizen,
            author: None,
            text: "你好".into(),
            attachment: None,
            now_ms: 1,
        }
    }

    #[tokio::test]
    async fn concurrent_appends_get_gapless_seqs_and_resends_the_same_seq() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_chat(&dir).await;
        let sends = (0..300).map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .append_message(&message("c1", &format!("m{}", i % 200)))
                    .await
            })
        });
        let mut seqs = Vec::new();
        for send in sends {
            let (stored, _) = send.await.unwrap().unwrap();
            seqs.push((stored.client_id, stored.seq));
        }
        let mut distinct: Vec<u64> = seqs.iter().map(|(_, s)| *s).collect();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct, (1..=200).collect::<Vec<_>>());
        for (client_id, seq) in &seqs {
            let again = seqs.iter().filter(|(c, _)| c == client_id);
            assert!(
                again.into_iter().all(|(_, s)| s == seq),
                "a resend gets the same seq"
            );
        }
    }

    #[tokio::test]
    async fn one_bad_request_fails_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_chat(&dir).await;
        let mut answers = Vec::new();
        let batch = ["c1", "missing", "c1"]
            .iter()
            .enumerate()
            .map(|(i, conv)| {
                let (reply, answer) = oneshot::channel();
                answers.push(answer);
                Request {
                    msg: message(conv, &format!("m{i}")),
                    reply,
                }
            })
            .collect();
        commit(&store.write, batch).await;
        let results: Vec<Appended> = futures::future::join_all(answers)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(results[0].as_ref().unwrap().0.seq, 1);
        assert!(results[1].is_err());
        assert_eq!(
            results[2].as_ref().unwrap().0.seq,
            2,
            "no gap from the failed one"
        );
    }
}
