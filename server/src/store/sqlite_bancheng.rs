//! [`BanchengStore`] on SQLite.

use async_trait::async_trait;
use bangban_core::ticket::{BanchengRecord, TicketStatus};
use sqlx::Row;

use super::StoreResult;
use super::bancheng::BanchengStore;
use super::sqlite::{SqliteStore, name_of};

#[async_trait]
impl BanchengStore for SqliteStore {
    async fn save_record(&self, ticket_id: &str, r: &BanchengRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT OR REPLACE INTO ticket_records (ticket_id, reporter, received_by, offline, handler, \
             verification, solved, why_not, handler_contact, approver, closed_on, transcript) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(ticket_id)
        .bind(&r.reporter)
        .bind(&r.received_by)
        .bind(r.offline as i64)
        .bind(&r.handler)
        .bind(&r.verification)
        .bind(r.solved.map(i64::from))
        .bind(&r.why_not)
        .bind(&r.handler_contact)
        .bind(&r.approver)
        .bind(&r.closed_on)
        .bind(&r.transcript)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn record(&self, ticket_id: &str) -> StoreResult<BanchengRecord> {
        let row = sqlx::query("SELECT * FROM ticket_records WHERE ticket_id = ?")
            .bind(ticket_id)
            .fetch_optional(&self.write)
            .await?;
        let Some(r) = row else {
            return Ok(BanchengRecord::default());
        };
        Ok(BanchengRecord {
            reporter: r.try_get("reporter")?,
            received_by: r.try_get("received_by")?,
            offline: r.try_get::<i64, _>("offline")? != 0,
            handler: r.try_get("handler")?,
            verification: r.try_get("verification")?,
            solved: r.try_get::<Option<i64>, _>("solved")?.map(|v| v != 0),
            why_not: r.try_get("why_not")?,
            handler_contact: r.try_get("handler_contact")?,
            approver: r.try_get("approver")?,
            closed_on: r.try_get("closed_on")?,
            transcript: r.try_get("transcript")?,
        })
    }

    async fn move_ticket(
        &self,
        id: &str,
        from: &[TicketStatus],
        status: TicketStatus,
        department: Option<&str>,
    ) -> StoreResult<bool> {
        let allowed: Vec<String> = from.iter().map(name_of).collect();
        let placeholders = vec!["?"; allowed.len()].join(", ");
        let sql = format!(
            "UPDATE tickets SET status = ?, department = COALESCE(?, department) \
             WHERE id = ? AND status IN ({placeholders})"
        );
        let mut query = sqlx::query(&sql)
            .bind(name_of(&status))
            .bind(department)
            .bind(id);
        for s in &allowed {
            query = query.bind(s);
        }
        Ok(query.execute(&self.write).await?.rows_affected() > 0)
    }
}
