//! Storage for 线上人工帮办 beyond the chat itself: the response clock, transfers, read state, an agent's
//! load, and tickets (留言, 转派12345).

use async_trait::async_trait;
use bangban_core::protocol::{Outcome, SenderKind};
use bangban_core::ticket::{TicketKind, TicketView};

use super::{AgentRecord, ConversationRecord, StoreResult};

/// A ticket with the ids the API needs for access checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketRecord {
    /// What people see.
    pub view: TicketView,
    /// The citizen who left it, if any.
    pub visitor_id: Option<i64>,
}

/// A ticket to store; the number is given by the store.
#[derive(Clone, Debug)]
pub struct NewTicket {
    /// What started it.
    pub kind: TicketKind,
    /// The citizen.
    pub visitor_id: Option<i64>,
    /// The chat it came from.
    pub conversation: Option<String>,
    /// The page's item.
    pub item: Option<String>,
    /// The handling department.
    pub department: Option<String>,
    /// The question or summary.
    pub problem: String,
    /// Contact.
    pub contact: Option<String>,
    /// Due working day (`YYYY-MM-DD`).
    pub due: String,
    /// The day it was received (`YYYYMMDD`), for the number.
    pub day: String,
    /// Now.
    pub now_ms: i64,
}

/// The 线上人工帮办 storage operations.
#[async_trait]
pub trait ServiceStore {
    /// Marks the 45-second alert as sent; `false` if it already was.
    async fn mark_alerted(&self, id: &str, now_ms: i64) -> StoreResult<bool>;
    /// Marks a chat as offered to the general queue (60 s); `false` if it already was.
    async fn mark_escalated(&self, id: &str, now_ms: i64) -> StoreResult<bool>;
    /// 转业务客服: back to the department queue, for a 业务客服, with the note.
    async fn transfer_to_business(
        &self,
        id: &str,
        from_agent: i64,
        note: &str,
        now_ms: i64,
    ) -> StoreResult<Option<ConversationRecord>>;
    /// Records how a chat ended.
    async fn set_outcome(&self, id: &str, outcome: Outcome) -> StoreResult<()>;
    /// Records that `reader` has read up to `seq` (never moves back).
    async fn set_read(&self, id: &str, reader: SenderKind, seq: u64) -> StoreResult<()>;
    /// Agents signed in (签入) now.
    async fn on_duty_agents(&self) -> StoreResult<Vec<AgentRecord>>;
    /// Number of open chats the agent has.
    async fn open_count(&self, agent_id: i64) -> StoreResult<u32>;
    /// Whether the agent is serving (an active chat with) this citizen now.
    async fn agent_serves_visitor(&self, agent_id: i64, visitor_id: i64) -> StoreResult<bool>;
    /// The citizen's other chats, newest first (at most 10).
    async fn visitor_history(
        &self,
        visitor_id: i64,
        except: &str,
    ) -> StoreResult<Vec<ConversationRecord>>;

    /// Stores a ticket under a fresh number (`<prefix><day><4-digit sequence>`).
    async fn create_ticket(&self, new: &NewTicket) -> StoreResult<TicketRecord>;
    /// One ticket.
    async fn ticket(&self, id: &str) -> StoreResult<Option<TicketRecord>>;
    /// The citizen's tickets, newest first.
    async fn visitor_tickets(&self, visitor_id: i64) -> StoreResult<Vec<TicketRecord>>;
    /// All tickets, open ones first, then newest first (at most 500).
    async fn tickets(&self) -> StoreResult<Vec<TicketRecord>>;
    /// Answers a ticket.
    async fn answer_ticket(
        &self,
        id: &str,
        answer: &str,
        agent_id: i64,
        now_ms: i64,
    ) -> StoreResult<Option<TicketRecord>>;
}
