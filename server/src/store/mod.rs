//! Storage behind a trait, so the server does not care which database holds the data.
//!
//! SQLite ([`sqlite::SqliteStore`]) is the embedded default. Invariant every implementation keeps: when
//! [`Store::append_message`] returns, the message is durably committed; the caller acknowledges only then.

pub mod admin;
pub mod appender;
pub mod bancheng;
pub mod cases;
pub mod kbwork;
pub mod ledger;
pub mod service;
pub mod sqlite;
mod sqlite_admin;
mod sqlite_bancheng;
mod sqlite_cases;
mod sqlite_kbwork;
mod sqlite_ledger;
mod sqlite_service;
mod sqlite_stats;
pub mod stats;

pub use admin::AdminStore;
pub use bancheng::BanchengStore;
pub use cases::{CaseStore, CaseUpdate};
pub use kbwork::{KbWorkStore, NewDraft, UnansweredRow};
pub use ledger::{LedgerStore, NewLedgerRow};
pub use service::{NewTicket, ServiceStore, TicketRecord};
pub use stats::StatsStore;

use async_trait::async_trait;
use bangban_core::kb::KbEntry;
use bangban_core::media::Attachment;
use bangban_core::protocol::{
    AgentRef, BotTurn, ChatMessage, ConversationStatus, ConversationView, Role, SenderKind,
};
use bangban_core::rating::{BadReason, Rating};

/// Result of storage calls; errors are internal and never shown to clients as is.
pub type StoreResult<T> = anyhow::Result<T>;

/// An agent account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentRecord {
    /// Row id.
    pub id: i64,
    /// 工号.
    pub username: String,
    /// Name shown to citizens.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Department, `None` for the general 窗口.
    pub department: Option<String>,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
    /// 签入.
    pub on_duty: bool,
    /// Most chats at once (default 5).
    pub max_chats: u32,
}

/// A new or updated agent account.
#[derive(Clone, Debug)]
pub struct NewAgent {
    /// 工号.
    pub username: String,
    /// Name shown to citizens.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Department.
    pub department: Option<String>,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// Most chats at once.
    pub max_chats: u32,
}

/// Default limit of simultaneous chats per agent.
pub const DEFAULT_MAX_CHATS: u32 = 5;

/// A human chat with the ids the API needs for access checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversationRecord {
    /// What clients see.
    pub view: ConversationView,
    /// The citizen.
    pub visitor_id: i64,
    /// The agent who took it.
    pub agent_id: Option<i64>,
    /// When the citizen first rated it (a rating can be changed for 24 hours from then).
    pub rating_first_ms: Option<i64>,
}

/// What 转人工 stores.
#[derive(Clone, Debug)]
pub struct NewConversation {
    /// Generated id.
    pub id: String,
    /// The citizen.
    pub visitor_id: i64,
    /// The page's 事项.
    pub item: Option<String>,
    /// The queue.
    pub department: Option<String>,
    /// The question that led here.
    pub first_question: String,
    /// 小申's chat before, stored as the first messages.
    pub bot_turns: Vec<BotTurn>,
    /// Now.
    pub now_ms: i64,
}

/// A message to store.
#[derive(Clone, Debug)]
pub struct NewMessage {
    /// The conversation.
    pub conversation: String,
    /// The sender's id for it.
    pub client_id: String,
    /// Who.
    pub sender: SenderKind,
    /// Display name of the author.
    pub author: Option<String>,
    /// The text.
    pub text: String,
    /// Now.
    pub now_ms: i64,
    /// The stored file it carries, if any (already in the blob store under its id).
    pub attachment: Option<NewAttachment>,
}

/// A stored file to record with its message.
#[derive(Clone, Debug)]
pub struct NewAttachment {
    /// What both sides see.
    pub view: Attachment,
    /// Content type of the thumbnail, when there is one.
    pub thumb_mime: Option<String>,
}

/// Where a stored file belongs, for serving it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentRecord {
    /// The attachment id (its blob key).
    pub id: String,
    /// The conversation it was sent in.
    pub conversation: String,
    /// Content type of the file.
    pub mime: String,
    /// Content type of the thumbnail, if there is one.
    pub thumb_mime: Option<String>,
}

/// A rating to store.
#[derive(Clone, Debug)]
pub struct NewRating {
    /// The five-level score.
    pub level: Rating,
    /// "问题是否解决".
    pub solved: Option<bool>,
    /// Comment.
    pub comment: Option<String>,
    /// Why, for a 差评.
    pub reason: Option<BadReason>,
    /// A contact for the follow-up.
    pub contact: Option<String>,
    /// Now.
    pub now_ms: i64,
}

/// Why 接入 failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptError {
    /// No such conversation.
    NotFound,
    /// Someone else took it first, or it was closed.
    AlreadyTaken,
}

/// Everything the server stores.
#[async_trait]
pub trait Store:
    ServiceStore
    + AdminStore
    + KbWorkStore
    + CaseStore
    + StatsStore
    + LedgerStore
    + BanchengStore
    + Send
    + Sync
    + 'static
{
    /// Stores a new anonymous citizen under the hash of their token.
    async fn create_visitor(&self, token_hash: &str, now_ms: i64) -> StoreResult<i64>;
    /// The citizen with this token hash.
    async fn visitor_by_token(&self, token_hash: &str) -> StoreResult<Option<i64>>;

    /// Creates the agent, or updates everything but the duty state if the 工号 exists.
    async fn upsert_agent(&self, agent: &NewAgent) -> StoreResult<AgentRecord>;
    /// The agent with this 工号.
    async fn agent_by_username(&self, username: &str) -> StoreResult<Option<AgentRecord>>;
    /// Disables or enables an account and ends its sessions; `false` when there is no such 工号.
    async fn set_disabled(&self, username: &str, disabled: bool) -> StoreResult<bool>;
    /// Replaces an account's password hash and ends its sessions; `false` when there is no such 工号.
    async fn set_password(&self, username: &str, password_hash: &str) -> StoreResult<bool>;
    /// Sets 签入 / 签出.
    async fn set_on_duty(&self, agent_id: i64, on_duty: bool) -> StoreResult<()>;

    /// Stores a login session.
    async fn create_session(
        &self,
        token_hash: &str,
        agent_id: i64,
        expires_ms: i64,
    ) -> StoreResult<()>;
    /// The agent behind an unexpired session.
    async fn session_agent(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> StoreResult<Option<AgentRecord>>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;

    /// 转人工: the conversation and its 小申 history, in one transaction.
    async fn create_conversation(&self, new: &NewConversation) -> StoreResult<ConversationRecord>;
    /// One conversation.
    async fn conversation(&self, id: &str) -> StoreResult<Option<ConversationRecord>>;
    /// The citizen's latest conversation that is open, or closed and not rated.
    async fn current_conversation(
        &self,
        visitor_id: i64,
    ) -> StoreResult<Option<ConversationRecord>>;
    /// Waiting conversations, oldest first.
    async fn waiting(&self) -> StoreResult<Vec<ConversationRecord>>;
    /// The agent's conversations: open ones, then the 20 latest closed.
    async fn agent_conversations(&self, agent_id: i64) -> StoreResult<Vec<ConversationRecord>>;
    /// 接入: assigns a waiting conversation to the agent.
    async fn accept(
        &self,
        id: &str,
        agent_id: i64,
        now_ms: i64,
    ) -> StoreResult<Result<ConversationRecord, AcceptError>>;
    /// Ends a conversation; closing a closed one changes nothing.
    async fn close(&self, id: &str, now_ms: i64) -> StoreResult<Option<ConversationRecord>>;
    /// Stores (or replaces) the citizen's rating.
    async fn rate(&self, id: &str, rating: &NewRating) -> StoreResult<Option<ConversationRecord>>;
    /// Records that the agent invited a rating (邀请评价).
    async fn invite_rating(&self, id: &str, now_ms: i64)
    -> StoreResult<Option<ConversationRecord>>;

    /// Appends a message durably. A repeated `client_id` returns the stored message and `false`.
    async fn append_message(&self, msg: &NewMessage) -> StoreResult<(ChatMessage, bool)>;
    /// The message a client sent under this id, if stored.
    async fn message_by_client_id(
        &self,
        conversation: &str,
        client_id: &str,
    ) -> StoreResult<Option<ChatMessage>>;
    /// Messages with `seq > after`, in order, at most `limit`.
    async fn messages_after(
        &self,
        conversation: &str,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<ChatMessage>>;
    /// Where a stored file belongs.
    async fn attachment(&self, id: &str) -> StoreResult<Option<AttachmentRecord>>;
    /// Ids of every stored file the database knows (for sweeping blobs left by a crash).
    async fn attachment_ids(&self) -> StoreResult<Vec<String>>;

    /// The published knowledge-base version (cheap: for noticing changes made by another process).
    async fn kb_version(&self) -> StoreResult<u64>;
    /// The published knowledge base: version and the entries not retired.
    async fn kb_published(&self) -> StoreResult<(u64, Vec<KbEntry>, Vec<Vec<String>>)>;
    /// Adds or updates entries (by id) and, when given, replaces the synonym list; bumps the version.
    async fn kb_upsert(
        &self,
        entries: &[KbEntry],
        synonyms: Option<&[Vec<String>]>,
        now_ms: i64,
    ) -> StoreResult<u64>;
    /// Replaces the whole knowledge base and bumps the version.
    async fn kb_replace(
        &self,
        entries: &[KbEntry],
        synonyms: &[Vec<String>],
        now_ms: i64,
    ) -> StoreResult<u64>;
}

/// Whether the view is still open (waiting or active).
pub fn is_open(view: &ConversationView) -> bool {
    view.status != ConversationStatus::Closed
}

/// The agent as citizens see them.
pub fn agent_ref(agent: &AgentRecord) -> AgentRef {
    AgentRef {
        username: agent.username.clone(),
        display_name: agent.display_name.clone(),
    }
}
