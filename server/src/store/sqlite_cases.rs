//! [`CaseStore`] on SQLite.

use async_trait::async_trait;
use bangban_core::followup::{CaseStatus, CaseStep, CaseView};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::cases::{CaseStore, CaseUpdate};
use super::sqlite::{SqliteStore, name_of, opt_name, parse_name};
use super::{ConversationRecord, StoreResult};

fn case_from_row(r: &SqliteRow) -> StoreResult<CaseView> {
    let status: CaseStatus = parse_name(r.try_get("status")?)?;
    let due = match status {
        CaseStatus::ContactPending | CaseStatus::Verifying => Some(r.try_get("contact_due")?),
        CaseStatus::Rectifying | CaseStatus::ReplyPending => r.try_get("rectify_due")?,
        CaseStatus::Replied | CaseStatus::NotHeld => None,
    };
    Ok(CaseView {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        conversation: r.try_get("conversation_id")?,
        department: r.try_get("department")?,
        item: r.try_get("item")?,
        level: parse_name(r.try_get("level")?)?,
        reason: opt_name(r, "reason")?,
        comment: r.try_get("comment")?,
        contact: r.try_get("contact")?,
        status,
        created_ms: r.try_get("created_ms")?,
        due,
        contact_due: r.try_get("contact_due")?,
        rectify_due: r.try_get("rectify_due")?,
        overdue: false,
        complex: r.try_get::<i64, _>("complex")? != 0,
        steps: Vec::new(),
    })
}

impl SqliteStore {
    async fn with_steps(&self, mut case: CaseView) -> StoreResult<CaseView> {
        let rows = sqlx::query(
            "SELECT s.action, s.note, s.at_ms, a.display_name FROM case_steps s \
             JOIN agents a ON a.id = s.by_agent WHERE s.case_id = ? ORDER BY s.id",
        )
        .bind(&case.id)
        .fetch_all(&self.write)
        .await?;
        case.steps = rows
            .iter()
            .map(|r| {
                Ok(CaseStep {
                    action: r.try_get("action")?,
                    note: r.try_get("note")?,
                    by: r.try_get("display_name")?,
                    at_ms: r.try_get("at_ms")?,
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(case)
    }
}

#[async_trait]
impl CaseStore for SqliteStore {
    async fn open_case(
        &self,
        conv: &ConversationRecord,
        number_prefix: &str,
        contact_due: &str,
        now_ms: i64,
    ) -> StoreResult<CaseView> {
        let rating = conv
            .view
            .rating
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("a case needs a rating"))?;
        let contact: Option<String> =
            sqlx::query_scalar("SELECT rating_contact FROM conversations WHERE id = ?")
                .bind(&conv.view.id)
                .fetch_one(&self.write)
                .await?;
        let mut tx = self.write.begin().await?;
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE number LIKE ? || '%'")
                .bind(number_prefix)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO cases (id, number, conversation_id, department, item, level, reason, \
             comment, contact, status, created_ms, contact_due) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'contact_pending', ?, ?) \
             ON CONFLICT (conversation_id) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().simple().to_string())
        .bind(format!("{number_prefix}{:04}", count + 1))
        .bind(&conv.view.id)
        .bind(&conv.view.department)
        .bind(&conv.view.item)
        .bind(name_of(&rating.level))
        .bind(rating.reason.as_ref().map(name_of))
        .bind(&rating.comment)
        .bind(contact)
        .bind(now_ms)
        .bind(contact_due)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let row = sqlx::query("SELECT * FROM cases WHERE conversation_id = ?")
            .bind(&conv.view.id)
            .fetch_one(&self.write)
            .await?;
        self.with_steps(case_from_row(&row)?).await
    }

    async fn case(&self, id: &str) -> StoreResult<Option<CaseView>> {
        let row = sqlx::query("SELECT * FROM cases WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.write)
            .await?;
        match row {
            Some(r) => Ok(Some(self.with_steps(case_from_row(&r)?).await?)),
            None => Ok(None),
        }
    }

    async fn cases(&self) -> StoreResult<Vec<CaseView>> {
        let rows = sqlx::query(
            "SELECT * FROM cases ORDER BY closed_ms IS NOT NULL, \
             COALESCE(rectify_due, contact_due), created_ms LIMIT 1000",
        )
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(self.with_steps(case_from_row(row)?).await?);
        }
        Ok(out)
    }

    async fn update_case(&self, id: &str, update: &CaseUpdate) -> StoreResult<Option<CaseView>> {
        let mut tx = self.write.begin().await?;
        let closed = update.status.is_closed().then_some(update.now_ms);
        let changed = sqlx::query(
            "UPDATE cases SET status = ?, rectify_due = COALESCE(?, rectify_due), \
             complex = MAX(complex, ?), closed_ms = COALESCE(?, closed_ms) WHERE id = ?",
        )
        .bind(name_of(&update.status))
        .bind(&update.rectify_due)
        .bind(update.complex as i64)
        .bind(closed)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(None);
        }
        sqlx::query(
            "INSERT INTO case_steps (case_id, action, note, by_agent, at_ms) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(&update.action)
        .bind(&update.note)
        .bind(update.by)
        .bind(update.now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.case(id).await
    }
}
