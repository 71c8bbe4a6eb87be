//! [`ServiceStore`] on SQLite.

use async_trait::async_trait;
use bangban_core::protocol::{Outcome, SenderKind};
use bangban_core::ticket::{TicketKind, TicketStatus, TicketView};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::service::{NewTicket, ServiceStore, TicketRecord};
use super::sqlite::{
    CONVERSATION_SELECT, SqliteStore, agent_from_row, conversation_from_row, name_of, parse_name,
};
use super::{AgentRecord, ConversationRecord, StoreResult};

fn ticket_from_row(r: &SqliteRow) -> StoreResult<TicketRecord> {
    let view = TicketView {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        kind: parse_name::<TicketKind>(r.try_get("kind")?)?,
        status: parse_name::<TicketStatus>(r.try_get("status")?)?,
        item: r.try_get("item")?,
        department: r.try_get("department")?,
        problem: r.try_get("problem")?,
        contact: r.try_get("contact")?,
        conversation: r.try_get("conversation_id")?,
        created_ms: r.try_get("created_ms")?,
        due: r.try_get("due")?,
        answer: r.try_get("answer")?,
        answered_ms: r.try_get("answered_ms")?,
    };
    Ok(TicketRecord {
        view,
        visitor_id: r.try_get("visitor_id")?,
    })
}

impl SqliteStore {
    /// Sets a timestamp column once; true when this call set it.
    async fn mark_once(&self, column: &str, id: &str, now_ms: i64) -> StoreResult<bool> {
        let sql =
            format!("UPDATE conversations SET {column} = ? WHERE id = ? AND {column} IS NULL");
        let changed = sqlx::query(&sql)
            .bind(now_ms)
            .bind(id)
            .execute(&self.write)
            .await?
            .rows_affected();
        Ok(changed > 0)
    }

    async fn fetch_ticket(&self, id: &str) -> StoreResult<Option<TicketRecord>> {
        let row = sqlx::query("SELECT * FROM tickets WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.write)
            .await?;
        row.map(|r| ticket_from_row(&r)).transpose()
    }
}

#[async_trait]
impl ServiceStore for SqliteStore {
    async fn mark_alerted(&self, id: &str, now_ms: i64) -> StoreResult<bool> {
        self.mark_once("alerted_ms", id, now_ms).await
    }

    async fn mark_escalated(&self, id: &str, now_ms: i64) -> StoreResult<bool> {
        self.mark_once("escalated_ms", id, now_ms).await
    }

    async fn transfer_to_business(
        &self,
        id: &str,
        from_agent: i64,
        note: &str,
        now_ms: i64,
    ) -> StoreResult<Option<ConversationRecord>> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "UPDATE conversations SET status = 'waiting', agent_id = NULL, transfer_from = ?, \
             transfer_note = ?, transfer_ms = ?, alerted_ms = NULL, escalated_ms = NULL \
             WHERE id = ? AND status = 'active' AND agent_id = ?",
        )
        .bind(from_agent)
        .bind(note)
        .bind(now_ms)
        .bind(id)
        .bind(from_agent)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(&format!("{CONVERSATION_SELECT} WHERE c.id = ?"))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        row.map(|r| conversation_from_row(&r)).transpose()
    }

    async fn set_outcome(&self, id: &str, outcome: Outcome) -> StoreResult<()> {
        sqlx::query("UPDATE conversations SET outcome = ? WHERE id = ?")
            .bind(name_of(&outcome))
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn set_read(&self, id: &str, reader: SenderKind, seq: u64) -> StoreResult<()> {
        let column = match reader {
            SenderKind::Citizen => "citizen_read_seq",
            _ => "agent_read_seq",
        };
        let sql = format!(
            "UPDATE conversations SET {column} = MAX({column}, MIN(?, last_seq)) WHERE id = ?"
        );
        sqlx::query(&sql)
            .bind(seq.min(i64::MAX as u64) as i64)
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn on_duty_agents(&self) -> StoreResult<Vec<AgentRecord>> {
        let rows = sqlx::query("SELECT * FROM agents WHERE on_duty = 1 AND disabled = 0")
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(agent_from_row).collect()
    }

    async fn open_count(&self, agent_id: i64) -> StoreResult<u32> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversations WHERE agent_id = ? AND status = 'active'",
        )
        .bind(agent_id)
        .fetch_one(&self.read)
        .await?;
        Ok(n as u32)
    }

    async fn agent_serves_visitor(&self, agent_id: i64, visitor_id: i64) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversations \
             WHERE agent_id = ? AND visitor_id = ? AND status = 'active'",
        )
        .bind(agent_id)
        .bind(visitor_id)
        .fetch_one(&self.read)
        .await?;
        Ok(n > 0)
    }

    async fn visitor_history(
        &self,
        visitor_id: i64,
        except: &str,
    ) -> StoreResult<Vec<ConversationRecord>> {
        let rows = sqlx::query(&format!(
            "{CONVERSATION_SELECT} WHERE c.visitor_id = ? AND c.id != ? \
             ORDER BY c.created_ms DESC LIMIT 10"
        ))
        .bind(visitor_id)
        .bind(except)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(conversation_from_row).collect()
    }

    async fn create_ticket(&self, new: &NewTicket) -> StoreResult<TicketRecord> {
        let mut tx = self.write.begin().await?;
        let prefix = format!("{}{}", new.kind.prefix(), new.day);
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE number LIKE ? || '%'")
                .bind(&prefix)
                .fetch_one(&mut *tx)
                .await?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        sqlx::query(
            "INSERT INTO tickets (id, number, kind, status, visitor_id, conversation_id, item, \
             department, problem, contact, created_ms, due) \
             VALUES (?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(format!("{prefix}{:04}", count + 1))
        .bind(name_of(&new.kind))
        .bind(new.visitor_id)
        .bind(&new.conversation)
        .bind(&new.item)
        .bind(&new.department)
        .bind(&new.problem)
        .bind(&new.contact)
        .bind(new.now_ms)
        .bind(&new.due)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let stored = self.fetch_ticket(&id).await?;
        stored.ok_or_else(|| anyhow::anyhow!("ticket vanished after insert"))
    }

    async fn ticket(&self, id: &str) -> StoreResult<Option<TicketRecord>> {
        let row = sqlx::query("SELECT * FROM tickets WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| ticket_from_row(&r)).transpose()
    }

    async fn visitor_tickets(&self, visitor_id: i64) -> StoreResult<Vec<TicketRecord>> {
        let rows = sqlx::query(
            "SELECT * FROM tickets WHERE visitor_id = ? ORDER BY created_ms DESC LIMIT 50",
        )
        .bind(visitor_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    async fn tickets(&self) -> StoreResult<Vec<TicketRecord>> {
        let rows = sqlx::query(
            "SELECT * FROM tickets ORDER BY status IN ('answered', 'closed'), created_ms DESC \
             LIMIT 500",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    async fn answer_ticket(
        &self,
        id: &str,
        answer: &str,
        agent_id: i64,
        now_ms: i64,
    ) -> StoreResult<Option<TicketRecord>> {
        sqlx::query(
            "UPDATE tickets SET answer = ?, answered_ms = ?, answered_by = ?, status = 'answered' \
             WHERE id = ?",
        )
        .bind(answer)
        .bind(now_ms)
        .bind(agent_id)
        .bind(id)
        .execute(&self.write)
        .await?;
        self.fetch_ticket(id).await
    }
}
