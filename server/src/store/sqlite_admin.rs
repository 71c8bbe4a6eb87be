//! [`AdminStore`] on SQLite.

use async_trait::async_trait;
use bangban_core::protocol::ServiceItem;
use sqlx::Row;

use super::admin::AdminStore;
use super::sqlite::{SqliteStore, agent_from_row};
use super::{AgentRecord, StoreResult};

#[async_trait]
impl AdminStore for SqliteStore {
    async fn list_agents(&self) -> StoreResult<Vec<(AgentRecord, u32)>> {
        let rows = sqlx::query(
            "SELECT a.*, (SELECT COUNT(*) FROM conversations c \
               WHERE c.agent_id = a.id AND c.status = 'active') AS open_chats \
             FROM agents a ORDER BY a.username",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    agent_from_row(r)?,
                    r.try_get::<i64, _>("open_chats")? as u32,
                ))
            })
            .collect()
    }

    async fn items(&self) -> StoreResult<Vec<ServiceItem>> {
        let rows = sqlx::query("SELECT item, department FROM items ORDER BY rowid")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ServiceItem {
                    item: r.try_get("item")?,
                    department: r.try_get("department")?,
                })
            })
            .collect()
    }

    async fn replace_items(&self, items: &[ServiceItem]) -> StoreResult<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM items").execute(&mut *tx).await?;
        for row in items {
            sqlx::query("INSERT INTO items (item, department) VALUES (?, ?)")
                .bind(row.item.trim())
                .bind(row.department.trim())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
