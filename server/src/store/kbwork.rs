//! Storage for the knowledge base's working life: single entries, unanswered questions, drafts.

use async_trait::async_trait;
use bangban_core::kb::KbEntry;
use bangban_core::kbwork::{DraftStatus, DraftView, UnansweredReport};
use bangban_core::protocol::BotFeedback;

use super::StoreResult;

/// An open unanswered question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnansweredRow {
    /// Id.
    pub id: i64,
    /// The question as typed.
    pub question: String,
    /// The page's 事项.
    pub item: Option<String>,
    /// When (Unix ms).
    pub created_ms: i64,
}

/// A draft to store.
#[derive(Clone, Debug)]
pub struct NewDraft {
    /// The question.
    pub question: String,
    /// The answer.
    pub answer: String,
    /// 事项.
    pub item: Option<String>,
    /// The approving department.
    pub department: Option<String>,
    /// The chat it came from.
    pub conversation: Option<String>,
    /// Who proposed it.
    pub author_id: i64,
    /// Now.
    pub now_ms: i64,
}

/// Knowledge-base work storage.
#[async_trait]
pub trait KbWorkStore {
    /// One entry, published or retired (`true`).
    async fn kb_entry(&self, id: &str) -> StoreResult<Option<(KbEntry, bool)>>;
    /// Every entry, retired ones too (`true`), by id.
    async fn kb_all(&self) -> StoreResult<Vec<(KbEntry, bool)>>;
    /// Retires an entry and bumps the version; `None` when there is no such entry.
    async fn kb_retire(&self, id: &str, now_ms: i64) -> StoreResult<Option<u64>>;
    /// The next free `kb-NNNN` id.
    async fn kb_next_id(&self) -> StoreResult<String>;
    /// Records a question 小申 could not answer.
    async fn record_unanswered(
        &self,
        report: &UnansweredReport,
        visitor_id: Option<i64>,
        now_ms: i64,
    ) -> StoreResult<i64>;
    /// Records 已解决 / 未解决 on a 小申 answer.
    async fn record_bot_feedback(
        &self,
        feedback: &BotFeedback,
        visitor_id: i64,
        now_ms: i64,
    ) -> StoreResult<()>;
    /// Open unanswered questions, oldest first.
    async fn open_unanswered(&self, limit: u32) -> StoreResult<Vec<UnansweredRow>>;
    /// Marks questions as answered by an entry; returns how many were open.
    async fn resolve_unanswered(&self, ids: &[i64], entry: &str, now_ms: i64) -> StoreResult<u64>;
    /// Stores a draft.
    async fn create_draft(&self, draft: &NewDraft) -> StoreResult<DraftView>;
    /// Drafts, undecided first, newest first.
    async fn drafts(&self) -> StoreResult<Vec<DraftView>>;
    /// One draft.
    async fn draft(&self, id: &str) -> StoreResult<Option<DraftView>>;
    /// Records the decision on a draft.
    async fn decide_draft(
        &self,
        id: &str,
        status: DraftStatus,
        entry: Option<&str>,
        by: i64,
        now_ms: i64,
    ) -> StoreResult<Option<DraftView>>;
}
