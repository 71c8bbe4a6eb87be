//! [`StatsStore`] on SQLite.

use async_trait::async_trait;
use sqlx::Row;

use super::StoreResult;
use super::sqlite::{SqliteStore, opt_name};
use super::stats::{BotRow, ChatRow, StatsStore, UnansweredFact};

#[async_trait]
impl StatsStore for SqliteStore {
    async fn chat_rows(&self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<ChatRow>> {
        let rows = sqlx::query(
            "SELECT c.created_ms, c.department, c.item, c.first_response_ms, c.rating, \
             c.rating_solved, c.outcome, a.display_name, a.username \
             FROM conversations c LEFT JOIN agents a ON a.id = c.agent_id \
             WHERE c.created_ms >= ? AND c.created_ms < ? ORDER BY c.created_ms",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let name: Option<String> = r.try_get("display_name")?;
                let username: Option<String> = r.try_get("username")?;
                Ok(ChatRow {
                    created_ms: r.try_get("created_ms")?,
                    department: r.try_get("department")?,
                    item: r.try_get("item")?,
                    agent: name.zip(username).map(|(n, u)| format!("{n}（{u}）")),
                    first_response_ms: r.try_get("first_response_ms")?,
                    rating: opt_name(r, "rating")?,
                    solved: r
                        .try_get::<Option<i64>, _>("rating_solved")?
                        .map(|v| v != 0),
                    pushed_12345: r.try_get::<Option<String>, _>("outcome")?.as_deref()
                        == Some("pushed12345"),
                })
            })
            .collect()
    }

    async fn bot_rows(&self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<BotRow>> {
        let rows = sqlx::query(
            "SELECT created_ms, item, solved FROM bot_feedback WHERE created_ms >= ? AND created_ms < ? \
             UNION ALL SELECT created_ms, item, 0 FROM unanswered \
             WHERE created_ms >= ? AND created_ms < ? AND reason IN ('no_match', 'declined_suggestion')",
        )
        .bind(from_ms)
        .bind(to_ms)
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(BotRow {
                    created_ms: r.try_get("created_ms")?,
                    item: r.try_get("item")?,
                    solved: r.try_get::<i64, _>("solved")? != 0,
                })
            })
            .collect()
    }

    async fn unanswered_rows(&self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<UnansweredFact>> {
        let rows = sqlx::query(
            "SELECT created_ms, item, resolved_ms FROM unanswered WHERE created_ms >= ? AND created_ms < ?",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(UnansweredFact {
                    created_ms: r.try_get("created_ms")?,
                    item: r.try_get("item")?,
                    resolved_ms: r.try_get("resolved_ms")?,
                })
            })
            .collect()
    }
}
