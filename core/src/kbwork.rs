//! The knowledge base's working life: questions 小申 could not answer, and agents' replies proposed as
//! entries (drafts for the owning department to approve).

use serde::{Deserialize, Serialize};

use crate::kb::KbEntry;

/// Why a question is recorded as unanswered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnansweredReason {
    /// 小申 found nothing.
    NoMatch,
    /// The citizen said 未解决 to an answer.
    Unsolved,
    /// The citizen turned down the "您是不是想问" suggestions.
    DeclinedSuggestion,
}

/// `POST /api/unanswered` (citizen; sent when online, queued when not).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnansweredReport {
    /// The question as typed.
    pub question: String,
    /// The page's 事项.
    #[serde(default)]
    pub item: Option<String>,
    /// Why.
    pub reason: UnansweredReason,
    /// The entry that was answered (for `unsolved`).
    #[serde(default)]
    pub entry: Option<String>,
}

/// Similar unanswered questions, grouped for maintainers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnansweredGroup {
    /// The questions' ids (resolve them together).
    pub ids: Vec<i64>,
    /// The earliest question, standing for the group.
    pub question: String,
    /// How many times it was asked.
    pub count: usize,
    /// Up to five different phrasings.
    pub samples: Vec<String>,
    /// The most common 事项 among them.
    pub item: Option<String>,
    /// When it was first asked (Unix ms).
    pub first_ms: i64,
    /// Answer due by this working day (5 working days after the first ask), `YYYY-MM-DD`.
    pub due: String,
    /// Past the due day.
    pub overdue: bool,
}

/// `POST /api/kb/unanswered/resolve`: answer a group by publishing an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolveRequest {
    /// The group's question ids.
    pub ids: Vec<i64>,
    /// The new entry (an empty id gets the next free `kb-NNNN`).
    pub entry: KbEntry,
}

/// `POST /api/kb/drafts` (any agent): propose a good reply as an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRequest {
    /// The citizen's question.
    pub question: String,
    /// The agent's answer.
    pub answer: String,
    /// The chat's 事项.
    #[serde(default)]
    pub item: Option<String>,
    /// The chat it came from.
    #[serde(default)]
    pub conversation: Option<String>,
}

/// Where a draft stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftStatus {
    /// Waiting for the department's approval.
    Draft,
    /// Published as an entry.
    Approved,
    /// Turned down.
    Rejected,
}

/// A draft entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    /// Opaque id.
    pub id: String,
    /// The question.
    pub question: String,
    /// The answer.
    pub answer: String,
    /// 事项.
    pub item: Option<String>,
    /// The department that approves it.
    pub department: Option<String>,
    /// Who proposed it (display name).
    pub author: String,
    /// When (Unix ms).
    pub created_ms: i64,
    /// Where it stands.
    pub status: DraftStatus,
    /// The published entry, once approved.
    pub entry: Option<String>,
}

/// `POST /api/kb/drafts/{id}/approve`: publish, possibly edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproveRequest {
    /// The entry to publish (the maintainer may edit the draft's texts, column, keywords).
    pub entry: KbEntry,
}
