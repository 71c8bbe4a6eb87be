//! Storage for the problem ledger (问题台账).

use async_trait::async_trait;
use bangban_core::ledger::{LedgerItem, LedgerSource};

use super::StoreResult;

/// A ledger entry to store.
#[derive(Clone, Debug)]
pub struct NewLedgerRow {
    /// Where it was found.
    pub source: LedgerSource,
    /// Department.
    pub department: String,
    /// Item.
    pub item: Option<String>,
    /// Problem.
    pub problem: String,
    /// Measures.
    pub measures: String,
    /// Deadline (`YYYY-MM-DD`).
    pub deadline: String,
    /// Who raised it.
    pub raised_by: String,
    /// Their contact.
    pub contact: Option<String>,
    /// What it came from (e.g. `case:<id>`), so it is entered once.
    pub origin: Option<String>,
    /// Number prefix (`TZ<day>`).
    pub prefix: String,
    /// Now.
    pub now_ms: i64,
}

/// Ledger storage.
#[async_trait]
pub trait LedgerStore {
    /// Enters a problem; one with the same `origin` is entered once (the existing one is returned).
    async fn add_ledger(&self, row: &NewLedgerRow) -> StoreResult<LedgerItem>;
    /// Every entry, open ones first by deadline (`overdue` left false).
    async fn ledger(&self) -> StoreResult<Vec<LedgerItem>>;
    /// One entry.
    async fn ledger_item(&self, id: &str) -> StoreResult<Option<LedgerItem>>;
    /// Strikes off the open entry that came from `origin`, if any.
    async fn close_ledger_origin(&self, origin: &str, result: &str, now_ms: i64)
    -> StoreResult<()>;
    /// Strikes an open entry off; `None` if there is no such open entry.
    async fn close_ledger(
        &self,
        id: &str,
        result: &str,
        notified: bool,
        now_ms: i64,
    ) -> StoreResult<Option<LedgerItem>>;
}
