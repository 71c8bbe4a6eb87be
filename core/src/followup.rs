//! 差评 follow-up (seed 000 三(一)3, seed 002 二(一)3): a real-name 不满意 or 非常不满意 opens a case for the
//! responsible department: contact the rater within 1 working day (回访); verify; if the complaint holds,
//! rectify within 5 working days (13 when complex) and reply to the rater; if not, record why.

use serde::{Deserialize, Serialize};

use crate::rating::{BadReason, Rating};

/// Working days to contact the rater.
pub const CONTACT_WITHIN: u32 = 1;
/// Working days to rectify an ordinary complaint that holds.
pub const RECTIFY_WITHIN: u32 = 5;
/// Working days to rectify a complex one.
pub const RECTIFY_COMPLEX_WITHIN: u32 = 13;

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// The rater must be contacted (回访).
    ContactPending,
    /// Contacted; the complaint is being verified.
    Verifying,
    /// It holds: rectification under way.
    Rectifying,
    /// Rectified; the rater must get a reply.
    ReplyPending,
    /// Closed: rectified and the rater answered.
    Replied,
    /// Closed: the complaint did not hold (why is recorded).
    NotHeld,
}

impl CaseStatus {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::ContactPending => "待回访",
            CaseStatus::Verifying => "核实中",
            CaseStatus::Rectifying => "整改中",
            CaseStatus::ReplyPending => "待答复",
            CaseStatus::Replied => "已办结",
            CaseStatus::NotHeld => "不属实",
        }
    }

    /// Whether the case is finished.
    pub fn is_closed(self) -> bool {
        matches!(self, CaseStatus::Replied | CaseStatus::NotHeld)
    }
}

/// One recorded step: who did what, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStep {
    /// What was done, in Chinese (回访, 核实, 整改完成, 答复).
    pub action: String,
    /// The note.
    pub note: String,
    /// Who (display name).
    pub by: String,
    /// When (Unix ms).
    pub at_ms: i64,
}

/// A follow-up case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    /// Opaque id.
    pub id: String,
    /// Number shown to people, e.g. `CP202611230001`.
    pub number: String,
    /// The rated chat.
    pub conversation: String,
    /// The responsible department.
    pub department: Option<String>,
    /// The chat's 事项.
    pub item: Option<String>,
    /// The rating.
    pub level: Rating,
    /// Why the citizen was unhappy.
    pub reason: Option<BadReason>,
    /// Their comment.
    pub comment: Option<String>,
    /// How to reach them (masked in exports).
    pub contact: Option<String>,
    /// Where it stands.
    pub status: CaseStatus,
    /// When it opened (Unix ms).
    pub created_ms: i64,
    /// The current deadline (`YYYY-MM-DD`): contact, then rectification; `None` once closed.
    pub due: Option<String>,
    /// Contact the rater by this day.
    pub contact_due: String,
    /// Rectify by this day, once the complaint is found to hold.
    pub rectify_due: Option<String>,
    /// Past the current deadline.
    pub overdue: bool,
    /// Rectification is complex (13 working days).
    pub complex: bool,
    /// Every step so far, oldest first.
    pub steps: Vec<CaseStep>,
}

/// `POST /api/cases/{id}/contact` (回访), `/rectify` (整改完成), `/reply`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRequest {
    /// What was done or said.
    pub note: String,
}

/// `POST /api/cases/{id}/verify`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyRequest {
    /// The complaint holds.
    pub holds: bool,
    /// Rectification is complex (13 working days instead of 5).
    #[serde(default)]
    pub complex: bool,
    /// The verification, or why it does not hold.
    pub note: String,
}
