//! [`LedgerStore`] on SQLite.

use async_trait::async_trait;
use bangban_core::ledger::LedgerItem;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::StoreResult;
use super::ledger::{LedgerStore, NewLedgerRow};
use super::sqlite::{SqliteStore, name_of, parse_name};

fn item_from_row(r: &SqliteRow) -> StoreResult<LedgerItem> {
    Ok(LedgerItem {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        source: parse_name(r.try_get("source")?)?,
        department: r.try_get("department")?,
        item: r.try_get("item")?,
        problem: r.try_get("problem")?,
        measures: r.try_get("measures")?,
        deadline: r.try_get("deadline")?,
        raised_by: r.try_get("raised_by")?,
        contact: r.try_get("contact")?,
        created_ms: r.try_get("created_ms")?,
        closed_ms: r.try_get("closed_ms")?,
        result: r.try_get("result")?,
        notified: r.try_get::<i64, _>("notified")? != 0,
        overdue: false,
    })
}

#[async_trait]
impl LedgerStore for SqliteStore {
    async fn add_ledger(&self, row: &NewLedgerRow) -> StoreResult<LedgerItem> {
        let mut tx = self.write.begin().await?;
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM ledger WHERE number LIKE ? || '%'")
                .bind(&row.prefix)
                .fetch_one(&mut *tx)
                .await?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        sqlx::query(
            "INSERT INTO ledger (id, number, source, department, item, problem, measures, deadline, \
             raised_by, contact, origin, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (origin) DO NOTHING",
        )
        .bind(&id)
        .bind(format!("{}{:04}", row.prefix, count + 1))
        .bind(name_of(&row.source))
        .bind(&row.department)
        .bind(&row.item)
        .bind(&row.problem)
        .bind(&row.measures)
        .bind(&row.deadline)
        .bind(&row.raised_by)
        .bind(&row.contact)
        .bind(&row.origin)
        .bind(row.now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let stored = match &row.origin {
            Some(origin) => sqlx::query("SELECT * FROM ledger WHERE origin = ?").bind(origin),
            None => sqlx::query("SELECT * FROM ledger WHERE id = ?").bind(&id),
        }
        .fetch_one(&self.write)
        .await?;
        item_from_row(&stored)
    }

    async fn ledger(&self) -> StoreResult<Vec<LedgerItem>> {
        let rows = sqlx::query(
            "SELECT * FROM ledger ORDER BY closed_ms IS NOT NULL, deadline, created_ms LIMIT 2000",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(item_from_row).collect()
    }

    async fn ledger_item(&self, id: &str) -> StoreResult<Option<LedgerItem>> {
        let row = sqlx::query("SELECT * FROM ledger WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.write)
            .await?;
        row.map(|r| item_from_row(&r)).transpose()
    }

    async fn close_ledger_origin(
        &self,
        origin: &str,
        result: &str,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE ledger SET closed_ms = ?, result = ?, notified = 1 \
             WHERE origin = ? AND closed_ms IS NULL",
        )
        .bind(now_ms)
        .bind(result)
        .bind(origin)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn close_ledger(
        &self,
        id: &str,
        result: &str,
        notified: bool,
        now_ms: i64,
    ) -> StoreResult<Option<LedgerItem>> {
        let changed = sqlx::query(
            "UPDATE ledger SET closed_ms = ?, result = ?, notified = ? WHERE id = ? AND closed_ms IS NULL",
        )
        .bind(now_ms)
        .bind(result)
        .bind(notified as i64)
        .bind(id)
        .execute(&self.write)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(None);
        }
        self.ledger_item(id).await
    }
}
