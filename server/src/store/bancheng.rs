//! Storage for 办不成事 records (the 处理记录单 of a ticket) and ticket state changes.

use async_trait::async_trait;
use bangban_core::ticket::{BanchengRecord, TicketStatus};

use super::StoreResult;

/// 办不成事 storage.
#[async_trait]
pub trait BanchengStore {
    /// Writes a ticket's record (replacing it).
    async fn save_record(&self, ticket_id: &str, record: &BanchengRecord) -> StoreResult<()>;
    /// A ticket's record (empty when none was written).
    async fn record(&self, ticket_id: &str) -> StoreResult<BanchengRecord>;
    /// Moves a ticket to `status`, optionally to another department; `false` if it was not at `from`.
    async fn move_ticket(
        &self,
        id: &str,
        from: &[TicketStatus],
        status: TicketStatus,
        department: Option<&str>,
    ) -> StoreResult<bool>;
}
