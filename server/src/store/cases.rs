//! Storage for 差评 follow-up cases.

use async_trait::async_trait;
use bangban_core::followup::{CaseStatus, CaseView};

use super::{ConversationRecord, StoreResult};

/// One change of a case, with the step that records it.
#[derive(Clone, Debug)]
pub struct CaseUpdate {
    /// The new status.
    pub status: CaseStatus,
    /// The rectification deadline, when set by this step.
    pub rectify_due: Option<String>,
    /// Complex rectification.
    pub complex: bool,
    /// The step's action, in Chinese.
    pub action: String,
    /// The step's note.
    pub note: String,
    /// Who.
    pub by: i64,
    /// Now.
    pub now_ms: i64,
}

/// Follow-up case storage.
#[async_trait]
pub trait CaseStore {
    /// Opens the case of a rated chat, once: a second call returns the existing case.
    async fn open_case(
        &self,
        conv: &ConversationRecord,
        number_prefix: &str,
        contact_due: &str,
        now_ms: i64,
    ) -> StoreResult<CaseView>;
    /// One case with its steps (`overdue` left false).
    async fn case(&self, id: &str) -> StoreResult<Option<CaseView>>;
    /// Every case with its steps, open ones first, by deadline.
    async fn cases(&self) -> StoreResult<Vec<CaseView>>;
    /// Moves a case on and records the step, in one transaction.
    async fn update_case(&self, id: &str, update: &CaseUpdate) -> StoreResult<Option<CaseView>>;
}
