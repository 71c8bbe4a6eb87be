//! Raw facts for the service figures, by time range.

use async_trait::async_trait;
use bangban_core::rating::Rating;

use super::StoreResult;

/// One human chat.
#[derive(Clone, Debug)]
pub struct ChatRow {
    /// 转人工 (Unix ms).
    pub created_ms: i64,
    /// Department queue.
    pub department: Option<String>,
    /// 事项.
    pub item: Option<String>,
    /// "name (工号)" of the agent who took it.
    pub agent: Option<String>,
    /// First agent reply (Unix ms).
    pub first_response_ms: Option<i64>,
    /// Rating.
    pub rating: Option<Rating>,
    /// "问题是否解决".
    pub solved: Option<bool>,
    /// Pushed to 12345.
    pub pushed_12345: bool,
}

/// One 小申 outcome: rated 已解决 / 未解决, or a question it could not answer.
#[derive(Clone, Debug)]
pub struct BotRow {
    /// When (Unix ms).
    pub created_ms: i64,
    /// 事项.
    pub item: Option<String>,
    /// Solved.
    pub solved: bool,
}

/// One unanswered question.
#[derive(Clone, Debug)]
pub struct UnansweredFact {
    /// Asked (Unix ms).
    pub created_ms: i64,
    /// 事项.
    pub item: Option<String>,
    /// Answered (Unix ms).
    pub resolved_ms: Option<i64>,
}

/// Facts for the dashboard.
#[async_trait]
pub trait StatsStore {
    /// Human chats started in `[from_ms, to_ms)`.
    async fn chat_rows(&self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<ChatRow>>;
    /// 小申 outcomes in the range: feedback, and questions recorded as not found or declined.
    async fn bot_rows(&self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<BotRow>>;
    /// Unanswered questions asked in the range.
    async fn unanswered_rows(&self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<UnansweredFact>>;
}
