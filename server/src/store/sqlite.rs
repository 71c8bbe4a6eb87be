//! SQLite storage: one file, WAL mode, `synchronous=FULL` so a commit survives a crash or power loss.
//!
//! Writes go through a pool of one connection, so writers queue in Rust instead of failing with
//! `SQLITE_BUSY`; reads use a separate pool and see the last commit (WAL lets them run beside the writer).

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use bangban_core::kb::KbEntry;
use bangban_core::protocol::{
    AgentRef, ChatMessage, ConversationStatus, ConversationView, Outcome, RatingView, SenderKind,
    TransferView,
};
use bangban_core::rating::Rating;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};

use super::appender::Appender;
use super::{
    AcceptError, AgentRecord, AttachmentRecord, ConversationRecord, NewAgent, NewConversation,
    NewMessage, NewRating, Store, StoreResult,
};

/// SQLite-backed [`Store`].
#[derive(Clone)]
pub struct SqliteStore {
    pub(super) write: SqlitePool,
    pub(super) read: SqlitePool,
    /// Group commit of chat messages, on the write pool.
    appender: Appender,
}

pub(super) const CONVERSATION_SELECT: &str = "SELECT c.*, a.username AS agent_username, \
     a.display_name AS agent_display_name, t.username AS transfer_username, \
     t.display_name AS transfer_display_name \
     FROM conversations c LEFT JOIN agents a ON a.id = c.agent_id \
     LEFT JOIN agents t ON t.id = c.transfer_from";

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path` or `sqlite::memory:`) and migrates it.
    pub async fn open(url: &str) -> anyhow::Result<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("bad SQLite URL {url}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .with_context(|| format!("cannot open database {url}"))?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&write)
            .await
            .context("database migration failed")?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        let appender = Appender::spawn(write.clone());
        Ok(SqliteStore {
            write,
            read,
            appender,
        })
    }

    async fn fetch_conversation(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        id: &str,
    ) -> StoreResult<Option<ConversationRecord>> {
        let row = sqlx::query(&format!("{CONVERSATION_SELECT} WHERE c.id = ?"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        row.map(|r| conversation_from_row(&r)).transpose()
    }

    async fn conversations_where(
        &self,
        clause: &str,
        bind: Option<i64>,
    ) -> StoreResult<Vec<ConversationRecord>> {
        let sql = format!("{CONVERSATION_SELECT} {clause}");
        let mut query = sqlx::query(&sql);
        if let Some(v) = bind {
            query = query.bind(v);
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter().map(conversation_from_row).collect()
    }
}

/// Stores a unit enum by its serde name (`waiting`, `very_satisfied` ...).
pub(super) fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => panic!("not a unit enum: {other:?}"),
    }
}

/// Reads an optional unit-enum column stored by its serde name.
pub(super) fn opt_name<T: DeserializeOwned>(r: &SqliteRow, column: &str) -> StoreResult<Option<T>> {
    r.try_get::<Option<String>, _>(column)?
        .map(|v| parse_name(&v))
        .transpose()
}

pub(super) fn parse_name<T: DeserializeOwned>(name: &str) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .with_context(|| format!("unknown stored value {name:?}"))
}

pub(super) fn agent_from_row(r: &SqliteRow) -> StoreResult<AgentRecord> {
    Ok(AgentRecord {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: parse_name(r.try_get("role")?)?,
        department: r.try_get("department")?,
        password_hash: r.try_get("password_hash")?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        on_duty: r.try_get::<i64, _>("on_duty")? != 0,
        max_chats: r.try_get::<i64, _>("max_chats")? as u32,
    })
}

pub(super) fn conversation_from_row(r: &SqliteRow) -> StoreResult<ConversationRecord> {
    let agent = match r.try_get::<Option<String>, _>("agent_username")? {
        Some(username) => Some(AgentRef {
            username,
            display_name: r.try_get("agent_display_name")?,
        }),
        None => None,
    };
    let rating = match r.try_get::<Option<String>, _>("rating")? {
        Some(level) => Some(RatingView {
            level: parse_name::<Rating>(&level)?,
            solved: r
                .try_get::<Option<i64>, _>("rating_solved")?
                .map(|v| v != 0),
            comment: r.try_get("rating_comment")?,
            at_ms: r.try_get::<Option<i64>, _>("rated_ms")?.unwrap_or_default(),
            reason: opt_name(r, "rating_reason")?,
            real_name: r.try_get::<Option<String>, _>("rating_contact")?.is_some(),
        }),
        None => None,
    };
    let view = ConversationView {
        id: r.try_get("id")?,
        item: r.try_get("item")?,
        department: r.try_get("department")?,
        status: parse_name::<ConversationStatus>(r.try_get("status")?)?,
        agent,
        first_question: r.try_get("first_question")?,
        created_ms: r.try_get("created_ms")?,
        accepted_ms: r.try_get("accepted_ms")?,
        closed_ms: r.try_get("closed_ms")?,
        last_seq: r.try_get::<i64, _>("last_seq")? as u64,
        rating,
        first_response_ms: r.try_get("first_response_ms")?,
        escalated: r.try_get::<Option<i64>, _>("escalated_ms")?.is_some(),
        transfer: transfer_from_row(r)?,
        outcome: opt_name::<Outcome>(r, "outcome")?,
        citizen_read_seq: r.try_get::<i64, _>("citizen_read_seq")? as u64,
        agent_read_seq: r.try_get::<i64, _>("agent_read_seq")? as u64,
        rating_invited_ms: r.try_get("rating_invited_ms")?,
    };
    Ok(ConversationRecord {
        view,
        visitor_id: r.try_get("visitor_id")?,
        agent_id: r.try_get("agent_id")?,
        rating_first_ms: r.try_get("rating_first_ms")?,
    })
}

fn transfer_from_row(r: &SqliteRow) -> StoreResult<Option<TransferView>> {
    let Some(username) = r.try_get::<Option<String>, _>("transfer_username")? else {
        return Ok(None);
    };
    Ok(Some(TransferView {
        from: AgentRef {
            username,
            display_name: r.try_get("transfer_display_name")?,
        },
        note: r
            .try_get::<Option<String>, _>("transfer_note")?
            .unwrap_or_default(),
        at_ms: r
            .try_get::<Option<i64>, _>("transfer_ms")?
            .unwrap_or_default(),
    }))
}

fn message_from_row(r: &SqliteRow) -> StoreResult<ChatMessage> {
    Ok(ChatMessage {
        conversation: r.try_get("conversation_id")?,
        seq: r.try_get::<i64, _>("seq")? as u64,
        client_id: r.try_get("client_id")?,
        sender: parse_name::<SenderKind>(r.try_get("sender")?)?,
        author: r.try_get("author")?,
        text: r.try_get("text")?,
        at_ms: r.try_get("created_ms")?,
        attachment: r
            .try_get::<Option<String>, _>("attachment")?
            .map(|json| serde_json::from_str(&json))
            .transpose()?,
    })
}

async fn set_meta(tx: &mut Transaction<'_, Sqlite>, key: &str, value: &str) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO kb_meta (key, value) VALUES (?, ?) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Bumps the published knowledge-base version; every change to it does.
pub(super) async fn bump_version(tx: &mut Transaction<'_, Sqlite>) -> StoreResult<u64> {
    let version: String = sqlx::query_scalar(
        "INSERT INTO kb_meta (key, value) VALUES ('version', '1') \
         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value",
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(version.parse()?)
}

/// Ends every session of an account.
async fn end_sessions(tx: &mut Transaction<'_, Sqlite>, username: &str) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM sessions WHERE agent_id IN (SELECT id FROM agents WHERE username = ?)",
    )
    .bind(username)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Appends inside an open transaction; returns the stored message and whether it is new.
pub(super) async fn append_in(
    tx: &mut Transaction<'_, Sqlite>,
    msg: &NewMessage,
) -> StoreResult<(ChatMessage, bool)> {
    let existing =
        sqlx::query("SELECT * FROM messages WHERE conversation_id = ? AND client_id = ?")
            .bind(&msg.conversation)
            .bind(&msg.client_id)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(row) = existing {
        return Ok((message_from_row(&row)?, false));
    }
    let seq: i64 = sqlx::query_scalar(
        "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq",
    )
    .bind(&msg.conversation)
    .fetch_one(&mut **tx)
    .await
    .context("append to a missing conversation")?;
    let attachment = msg.attachment.as_ref().map(|a| &a.view);
    sqlx::query(
        "INSERT INTO messages \
         (conversation_id, seq, client_id, sender, author, text, created_ms, attachment) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&msg.conversation)
    .bind(seq)
    .bind(&msg.client_id)
    .bind(name_of(&msg.sender))
    .bind(&msg.author)
    .bind(&msg.text)
    .bind(msg.now_ms)
    .bind(attachment.map(serde_json::to_string).transpose()?)
    .execute(&mut **tx)
    .await?;
    if let Some(file) = &msg.attachment {
        sqlx::query(
            "INSERT INTO attachments (id, conversation_id, kind, mime, thumb_mime, bytes, created_ms) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&file.view.id)
        .bind(&msg.conversation)
        .bind(name_of(&file.view.kind))
        .bind(&file.view.mime)
        .bind(&file.thumb_mime)
        .bind(file.view.bytes.min(i64::MAX as u64) as i64)
        .bind(msg.now_ms)
        .execute(&mut **tx)
        .await?;
    }
    if msg.sender == SenderKind::Agent {
        sqlx::query(
            "UPDATE conversations SET first_response_ms = ? \
             WHERE id = ? AND first_response_ms IS NULL",
        )
        .bind(msg.now_ms)
        .bind(&msg.conversation)
        .execute(&mut **tx)
        .await?;
    }
    let stored = ChatMessage {
        conversation: msg.conversation.clone(),
        seq: seq as u64,
        client_id: msg.client_id.clone(),
        sender: msg.sender,
        author: msg.author.clone(),
        text: msg.text.clone(),
        at_ms: msg.now_ms,
        attachment: attachment.cloned(),
    };
    Ok((stored, true))
}

#[async_trait]
impl Store for SqliteStore {
    async fn create_visitor(&self, token_hash: &str, now_ms: i64) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO visitors (token_hash, created_ms) VALUES (?, ?) RETURNING id",
        )
        .bind(token_hash)
        .bind(now_ms)
        .fetch_one(&self.write)
        .await?;
        Ok(id)
    }

    async fn visitor_by_token(&self, token_hash: &str) -> StoreResult<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM visitors WHERE token_hash = ?")
                .bind(token_hash)
                .fetch_optional(&self.read)
                .await?,
        )
    }

    async fn upsert_agent(&self, agent: &NewAgent) -> StoreResult<AgentRecord> {
        let row = sqlx::query(
            "INSERT INTO agents (username, display_name, role, department, password_hash, max_chats) \
             VALUES (?, ?, ?, ?, ?, ?) \
             ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, \
               role = excluded.role, department = excluded.department, \
               password_hash = excluded.password_hash, max_chats = excluded.max_chats, disabled = 0 \
             RETURNING *",
        )
        .bind(&agent.username)
        .bind(&agent.display_name)
        .bind(name_of(&agent.role))
        .bind(&agent.department)
        .bind(&agent.password_hash)
        .bind(agent.max_chats)
        .fetch_one(&self.write)
        .await?;
        agent_from_row(&row)
    }

    async fn agent_by_username(&self, username: &str) -> StoreResult<Option<AgentRecord>> {
        let row = sqlx::query("SELECT * FROM agents WHERE username = ?")
            .bind(username)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| agent_from_row(&r)).transpose()
    }

    async fn set_disabled(&self, username: &str, disabled: bool) -> StoreResult<bool> {
        let mut tx = self.write.begin().await?;
        let found = sqlx::query("UPDATE agents SET disabled = ?, on_duty = 0 WHERE username = ?")
            .bind(disabled as i64)
            .bind(username)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        end_sessions(&mut tx, username).await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn set_password(&self, username: &str, password_hash: &str) -> StoreResult<bool> {
        let mut tx = self.write.begin().await?;
        let found = sqlx::query("UPDATE agents SET password_hash = ? WHERE username = ?")
            .bind(password_hash)
            .bind(username)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        end_sessions(&mut tx, username).await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn set_on_duty(&self, agent_id: i64, on_duty: bool) -> StoreResult<()> {
        sqlx::query("UPDATE agents SET on_duty = ? WHERE id = ?")
            .bind(on_duty as i64)
            .bind(agent_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn create_session(
        &self,
        token_hash: &str,
        agent_id: i64,
        expires_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, agent_id, expires_ms) VALUES (?, ?, ?)")
            .bind(token_hash)
            .bind(agent_id)
            .bind(expires_ms)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn session_agent(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> StoreResult<Option<AgentRecord>> {
        let row = sqlx::query(
            "SELECT a.* FROM sessions s JOIN agents a ON a.id = s.agent_id \
             WHERE s.token_hash = ? AND s.expires_ms > ? AND a.disabled = 0",
        )
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| agent_from_row(&r)).transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn create_conversation(&self, new: &NewConversation) -> StoreResult<ConversationRecord> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO conversations (id, visitor_id, item, department, status, first_question, \
             created_ms) VALUES (?, ?, ?, ?, 'waiting', ?, ?)",
        )
        .bind(&new.id)
        .bind(new.visitor_id)
        .bind(&new.item)
        .bind(&new.department)
        .bind(&new.first_question)
        .bind(new.now_ms)
        .execute(&mut *tx)
        .await?;
        for (i, turn) in new.bot_turns.iter().enumerate() {
            let author = (turn.sender == SenderKind::Bot).then(|| "小申".to_owned());
            let msg = NewMessage {
                conversation: new.id.clone(),
                client_id: format!("bot-{}", i + 1),
                sender: turn.sender,
                author,
                text: turn.text.clone(),
                now_ms: new.now_ms,
                attachment: None,
            };
            append_in(&mut tx, &msg).await?;
        }
        let record = self.fetch_conversation(&mut tx, &new.id).await?;
        tx.commit().await?;
        record.context("conversation vanished in its own transaction")
    }

    async fn conversation(&self, id: &str) -> StoreResult<Option<ConversationRecord>> {
        let row = sqlx::query(&format!("{CONVERSATION_SELECT} WHERE c.id = ?"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| conversation_from_row(&r)).transpose()
    }

    async fn current_conversation(
        &self,
        visitor_id: i64,
    ) -> StoreResult<Option<ConversationRecord>> {
        let mut found = self
            .conversations_where(
                "WHERE c.visitor_id = ? AND (c.status != 'closed' OR c.rating IS NULL) \
                 ORDER BY c.created_ms DESC, c.rowid DESC LIMIT 1",
                Some(visitor_id),
            )
            .await?;
        Ok(found.pop())
    }

    async fn waiting(&self) -> StoreResult<Vec<ConversationRecord>> {
        self.conversations_where(
            "WHERE c.status = 'waiting' ORDER BY c.created_ms, c.rowid",
            None,
        )
        .await
    }

    async fn agent_conversations(&self, agent_id: i64) -> StoreResult<Vec<ConversationRecord>> {
        let mut open = self
            .conversations_where(
                "WHERE c.agent_id = ? AND c.status != 'closed' ORDER BY c.accepted_ms",
                Some(agent_id),
            )
            .await?;
        let closed = self
            .conversations_where(
                "WHERE c.agent_id = ? AND c.status = 'closed' ORDER BY c.closed_ms DESC LIMIT 20",
                Some(agent_id),
            )
            .await?;
        open.extend(closed);
        Ok(open)
    }

    async fn accept(
        &self,
        id: &str,
        agent_id: i64,
        now_ms: i64,
    ) -> StoreResult<Result<ConversationRecord, AcceptError>> {
        let mut tx = self.write.begin().await?;
        let changed = sqlx::query(
            "UPDATE conversations SET status = 'active', agent_id = ?, accepted_ms = ? \
             WHERE id = ? AND status = 'waiting'",
        )
        .bind(agent_id)
        .bind(now_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let record = self.fetch_conversation(&mut tx, id).await?;
        tx.commit().await?;
        Ok(match (changed, record) {
            (_, None) => Err(AcceptError::NotFound),
            (0, Some(_)) => Err(AcceptError::AlreadyTaken),
            (_, Some(r)) => Ok(r),
        })
    }

    async fn close(&self, id: &str, now_ms: i64) -> StoreResult<Option<ConversationRecord>> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "UPDATE conversations SET status = 'closed', closed_ms = ? \
             WHERE id = ? AND status != 'closed'",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let record = self.fetch_conversation(&mut tx, id).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn rate(&self, id: &str, rating: &NewRating) -> StoreResult<Option<ConversationRecord>> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "UPDATE conversations SET rating = ?, rating_solved = ?, rating_comment = ?, \
             rating_reason = ?, rating_contact = ?, rated_ms = ?, \
             rating_first_ms = COALESCE(rating_first_ms, ?) WHERE id = ?",
        )
        .bind(name_of(&rating.level))
        .bind(rating.solved.map(i64::from))
        .bind(&rating.comment)
        .bind(rating.reason.as_ref().map(name_of))
        .bind(&rating.contact)
        .bind(rating.now_ms)
        .bind(rating.now_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let record = self.fetch_conversation(&mut tx, id).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn invite_rating(
        &self,
        id: &str,
        now_ms: i64,
    ) -> StoreResult<Option<ConversationRecord>> {
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE conversations SET rating_invited_ms = ? WHERE id = ?")
            .bind(now_ms)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let record = self.fetch_conversation(&mut tx, id).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn append_message(&self, msg: &NewMessage) -> StoreResult<(ChatMessage, bool)> {
        self.appender.append(msg).await
    }

    async fn message_by_client_id(
        &self,
        conversation: &str,
        client_id: &str,
    ) -> StoreResult<Option<ChatMessage>> {
        let row = sqlx::query("SELECT * FROM messages WHERE conversation_id = ? AND client_id = ?")
            .bind(conversation)
            .bind(client_id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| message_from_row(&r)).transpose()
    }

    async fn messages_after(
        &self,
        conversation: &str,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<ChatMessage>> {
        let rows = sqlx::query(
            "SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(conversation)
        .bind(after.min(i64::MAX as u64) as i64)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(message_from_row).collect()
    }

    async fn attachment(&self, id: &str) -> StoreResult<Option<AttachmentRecord>> {
        let row = sqlx::query(
            "SELECT id, conversation_id, mime, thumb_mime FROM attachments WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(AttachmentRecord {
                id: r.try_get("id")?,
                conversation: r.try_get("conversation_id")?,
                mime: r.try_get("mime")?,
                thumb_mime: r.try_get("thumb_mime")?,
            })
        })
        .transpose()
    }

    async fn attachment_ids(&self) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT id FROM attachments")
            .fetch_all(&self.read)
            .await?)
    }

    async fn kb_version(&self) -> StoreResult<u64> {
        let version: Option<String> =
            sqlx::query_scalar("SELECT value FROM kb_meta WHERE key = 'version'")
                .fetch_optional(&self.read)
                .await?;
        Ok(version.map(|v| v.parse()).transpose()?.unwrap_or(0))
    }

    async fn kb_published(&self) -> StoreResult<(u64, Vec<KbEntry>, Vec<Vec<String>>)> {
        let version: Option<String> =
            sqlx::query_scalar("SELECT value FROM kb_meta WHERE key = 'version'")
                .fetch_optional(&self.read)
                .await?;
        let synonyms: Option<String> =
            sqlx::query_scalar("SELECT value FROM kb_meta WHERE key = 'synonyms'")
                .fetch_optional(&self.read)
                .await?;
        let bodies: Vec<String> =
            sqlx::query_scalar("SELECT body FROM kb_entries WHERE retired = 0 ORDER BY id")
                .fetch_all(&self.read)
                .await?;
        let entries = bodies
            .iter()
            .map(|b| serde_json::from_str(b).context("stored entry is not valid"))
            .collect::<StoreResult<Vec<KbEntry>>>()?;
        let synonyms = match synonyms {
            Some(s) => serde_json::from_str(&s)?,
            None => Vec::new(),
        };
        let version = version.map(|v| v.parse()).transpose()?.unwrap_or(0);
        Ok((version, entries, synonyms))
    }

    async fn kb_upsert(
        &self,
        entries: &[KbEntry],
        synonyms: Option<&[Vec<String>]>,
        now_ms: i64,
    ) -> StoreResult<u64> {
        let mut tx = self.write.begin().await?;
        for e in entries {
            sqlx::query(
                "INSERT INTO kb_entries (id, body, updated_ms) VALUES (?, ?, ?) \
                 ON CONFLICT (id) DO UPDATE SET body = excluded.body, retired = 0, \
                 updated_ms = excluded.updated_ms",
            )
            .bind(&e.id)
            .bind(serde_json::to_string(e)?)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(synonyms) = synonyms {
            set_meta(&mut tx, "synonyms", &serde_json::to_string(synonyms)?).await?;
        }
        let version = bump_version(&mut tx).await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn kb_replace(
        &self,
        entries: &[KbEntry],
        synonyms: &[Vec<String>],
        now_ms: i64,
    ) -> StoreResult<u64> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM kb_entries")
            .execute(&mut *tx)
            .await?;
        for e in entries {
            sqlx::query("INSERT INTO kb_entries (id, body, updated_ms) VALUES (?, ?, ?)")
                .bind(&e.id)
                .bind(serde_json::to_string(e)?)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
        set_meta(&mut tx, "synonyms", &serde_json::to_string(synonyms)?).await?;
        let version = bump_version(&mut tx).await?;
        tx.commit().await?;
        Ok(version)
    }
}
