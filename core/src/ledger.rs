//! 问题台账 (seed 001, seed 003 第十二条): problems found through help sessions, ratings and in-person help go
//! into one ledger with the responsible department, measures and a deadline; each is struck off when done
//! (挂账销号), overdue ones are chased, and whoever raised it is told the result.

use serde::{Deserialize, Serialize};

/// Working days given to a problem when no deadline is set.
pub const DEFAULT_WORKING_DAYS: u32 = 10;

/// Where a problem was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerSource {
    /// A 差评 that was found to hold.
    BadRating,
    /// A 办不成事 report.
    Bancheng,
    /// Flagged by an agent during a chat.
    AgentFlag,
    /// A leader's in-person help record (帮办记录表).
    LeaderVisit,
    /// An opinion form (意见征集表).
    Opinion,
}

impl LedgerSource {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            LedgerSource::BadRating => "差评整改",
            LedgerSource::Bancheng => "办不成事",
            LedgerSource::AgentFlag => "客服反映",
            LedgerSource::LeaderVisit => "帮办记录表",
            LedgerSource::Opinion => "意见征集表",
        }
    }
}

/// A ledger entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerItem {
    /// Opaque id.
    pub id: String,
    /// Number, e.g. `TZ202611230001`.
    pub number: String,
    /// Where it was found.
    pub source: LedgerSource,
    /// The responsible department.
    pub department: String,
    /// The service item, if any.
    pub item: Option<String>,
    /// The problem.
    pub problem: String,
    /// The measures decided.
    pub measures: String,
    /// To be done by (`YYYY-MM-DD`).
    pub deadline: String,
    /// Who raised it (a name, or "群众").
    pub raised_by: String,
    /// How to reach them (masked in exports).
    pub contact: Option<String>,
    /// When it was entered (Unix ms).
    pub created_ms: i64,
    /// When it was struck off (挂账销号).
    pub closed_ms: Option<i64>,
    /// The result.
    pub result: Option<String>,
    /// Whoever raised it was told the result.
    pub notified: bool,
    /// Open past its deadline.
    pub overdue: bool,
}

/// `POST /api/ledger`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLedgerItem {
    /// Where it was found (not `bad_rating`: those come from the follow-up itself).
    pub source: LedgerSource,
    /// The responsible department (agents of a department: their own when empty).
    #[serde(default)]
    pub department: Option<String>,
    /// The service item.
    #[serde(default)]
    pub item: Option<String>,
    /// The problem.
    pub problem: String,
    /// The measures decided.
    #[serde(default)]
    pub measures: String,
    /// Deadline (`YYYY-MM-DD`); [`DEFAULT_WORKING_DAYS`] working days from today when empty.
    #[serde(default)]
    pub deadline: Option<String>,
    /// Who raised it, for records entered on their behalf.
    #[serde(default)]
    pub raised_by: Option<String>,
    /// Their contact.
    #[serde(default)]
    pub contact: Option<String>,
}

/// `POST /api/ledger/{id}/close`: 挂账销号.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseLedgerItem {
    /// What was done.
    pub result: String,
    /// Whoever raised it has been told.
    pub notified: bool,
}

/// One department's line of the monthly report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyRow {
    /// Department.
    pub department: String,
    /// Entered this month.
    pub opened: u64,
    /// Struck off this month.
    pub closed: u64,
    /// Open and past the deadline at the end of the month (or today, for the current month).
    pub overdue: u64,
}
