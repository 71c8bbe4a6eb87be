//! [`KbWorkStore`] on SQLite.

use anyhow::Context;
use async_trait::async_trait;
use bangban_core::kb::KbEntry;
use bangban_core::kbwork::{DraftStatus, DraftView, UnansweredReport};
use bangban_core::protocol::BotFeedback;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::StoreResult;
use super::kbwork::{KbWorkStore, NewDraft, UnansweredRow};
use super::sqlite::{SqliteStore, bump_version, name_of, parse_name};

const DRAFT_SELECT: &str = "SELECT d.*, a.display_name AS author FROM kb_drafts d \
     JOIN agents a ON a.id = d.author_id";

fn entry_from_row(r: &SqliteRow) -> StoreResult<(KbEntry, bool)> {
    let body: String = r.try_get("body")?;
    let entry = serde_json::from_str(&body).context("stored entry is not valid")?;
    Ok((entry, r.try_get::<i64, _>("retired")? != 0))
}

fn draft_from_row(r: &SqliteRow) -> StoreResult<DraftView> {
    Ok(DraftView {
        id: r.try_get("id")?,
        question: r.try_get("question")?,
        answer: r.try_get("answer")?,
        item: r.try_get("item")?,
        department: r.try_get("department")?,
        author: r.try_get("author")?,
        created_ms: r.try_get("created_ms")?,
        status: parse_name(r.try_get("status")?)?,
        entry: r.try_get("entry_id")?,
    })
}

#[async_trait]
impl KbWorkStore for SqliteStore {
    async fn kb_entry(&self, id: &str) -> StoreResult<Option<(KbEntry, bool)>> {
        let row = sqlx::query("SELECT body, retired FROM kb_entries WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| entry_from_row(&r)).transpose()
    }

    async fn kb_all(&self) -> StoreResult<Vec<(KbEntry, bool)>> {
        let rows = sqlx::query("SELECT body, retired FROM kb_entries ORDER BY id")
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(entry_from_row).collect()
    }

    async fn kb_retire(&self, id: &str, now_ms: i64) -> StoreResult<Option<u64>> {
        let mut tx = self.write.begin().await?;
        let changed = sqlx::query("UPDATE kb_entries SET retired = 1, updated_ms = ? WHERE id = ?")
            .bind(now_ms)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Ok(None);
        }
        let version = bump_version(&mut tx).await?;
        tx.commit().await?;
        Ok(Some(version))
    }

    async fn kb_next_id(&self) -> StoreResult<String> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM kb_entries WHERE id LIKE 'kb-%'")
            .fetch_all(&self.read)
            .await?;
        let max = ids
            .iter()
            .filter_map(|id| id.strip_prefix("kb-")?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        Ok(format!("kb-{:04}", max + 1))
    }

    async fn record_unanswered(
        &self,
        report: &UnansweredReport,
        visitor_id: Option<i64>,
        now_ms: i64,
    ) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO unanswered (question, item, reason, entry_id, visitor_id, created_ms) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(report.question.trim())
        .bind(&report.item)
        .bind(name_of(&report.reason))
        .bind(&report.entry)
        .bind(visitor_id)
        .bind(now_ms)
        .fetch_one(&self.write)
        .await?;
        Ok(id)
    }

    async fn record_bot_feedback(
        &self,
        feedback: &BotFeedback,
        visitor_id: i64,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO bot_feedback (entry_id, question, item, solved, visitor_id, created_ms) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&feedback.entry)
        .bind(feedback.question.trim())
        .bind(&feedback.item)
        .bind(feedback.solved as i64)
        .bind(visitor_id)
        .bind(now_ms)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn open_unanswered(&self, limit: u32) -> StoreResult<Vec<UnansweredRow>> {
        let rows = sqlx::query(
            "SELECT id, question, item, created_ms FROM unanswered WHERE resolved_ms IS NULL \
             ORDER BY created_ms, id LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(UnansweredRow {
                    id: r.try_get("id")?,
                    question: r.try_get("question")?,
                    item: r.try_get("item")?,
                    created_ms: r.try_get("created_ms")?,
                })
            })
            .collect()
    }

    async fn resolve_unanswered(&self, ids: &[i64], entry: &str, now_ms: i64) -> StoreResult<u64> {
        let mut tx = self.write.begin().await?;
        let mut changed = 0;
        for id in ids {
            changed += sqlx::query(
                "UPDATE unanswered SET resolved_entry = ?, resolved_ms = ? \
                 WHERE id = ? AND resolved_ms IS NULL",
            )
            .bind(entry)
            .bind(now_ms)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(changed)
    }

    async fn create_draft(&self, draft: &NewDraft) -> StoreResult<DraftView> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        sqlx::query(
            "INSERT INTO kb_drafts (id, question, answer, item, department, conversation_id, \
             author_id, created_ms, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft')",
        )
        .bind(&id)
        .bind(&draft.question)
        .bind(&draft.answer)
        .bind(&draft.item)
        .bind(&draft.department)
        .bind(&draft.conversation)
        .bind(draft.author_id)
        .bind(draft.now_ms)
        .execute(&self.write)
        .await?;
        let row = sqlx::query(&format!("{DRAFT_SELECT} WHERE d.id = ?"))
            .bind(&id)
            .fetch_one(&self.write)
            .await?;
        draft_from_row(&row)
    }

    async fn drafts(&self) -> StoreResult<Vec<DraftView>> {
        let rows = sqlx::query(&format!(
            "{DRAFT_SELECT} ORDER BY d.status != 'draft', d.created_ms DESC LIMIT 500"
        ))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(draft_from_row).collect()
    }

    async fn draft(&self, id: &str) -> StoreResult<Option<DraftView>> {
        let row = sqlx::query(&format!("{DRAFT_SELECT} WHERE d.id = ?"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| draft_from_row(&r)).transpose()
    }

    async fn decide_draft(
        &self,
        id: &str,
        status: DraftStatus,
        entry: Option<&str>,
        by: i64,
        now_ms: i64,
    ) -> StoreResult<Option<DraftView>> {
        sqlx::query(
            "UPDATE kb_drafts SET status = ?, entry_id = ?, decided_by = ?, decided_ms = ? \
             WHERE id = ? AND status = 'draft'",
        )
        .bind(name_of(&status))
        .bind(entry)
        .bind(by)
        .bind(now_ms)
        .bind(id)
        .execute(&self.write)
        .await?;
        let row = sqlx::query(&format!("{DRAFT_SELECT} WHERE d.id = ?"))
            .bind(id)
            .fetch_optional(&self.write)
            .await?;
        row.map(|r| draft_from_row(&r)).transpose()
    }
}
