//! The knowledge base (知识库) model and its interchange format.
//!
//! The interchange format is `{"entries":[{"id":"kb-0001","column":"常见问题",...}]}`; the published
//! snapshot the widget caches adds a version and the synonym list.

use serde::{Deserialize, Serialize};

/// The columns (栏目) of the 一网通办 knowledge base.
pub const COLUMNS: [&str; 7] = [
    "网上办事指引",
    "常见问题",
    "政务百科词条",
    "政策文件",
    "通知公告",
    "热线电话",
    "部门信息",
];

/// One knowledge-base entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbEntry {
    /// Stable id, e.g. `kb-0042`.
    pub id: String,
    /// Column (栏目), one of [`COLUMNS`].
    pub column: String,
    /// Service item (事项) it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Responsible department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The standard question.
    pub question: String,
    /// Other ways of asking the same thing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub similar: Vec<String>,
    /// Keywords.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The answer: plain text, links allowed as plain URLs.
    pub answer: String,
    /// Date it takes effect (`YYYY-MM-DD`), for entries published ahead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// Last update (RFC 3339), set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

/// The interchange file: `{"entries":[...]}`, optionally with synonym groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbFile {
    /// The entries.
    pub entries: Vec<KbEntry>,
    /// Synonym groups; the first word of a group is its canonical form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<Vec<String>>,
}

/// What `GET /api/kb/snapshot` returns and the widget caches.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbSnapshot {
    /// Published version; bumps with every change.
    pub version: u64,
    /// The published, effective entries.
    pub entries: Vec<KbEntry>,
    /// Synonym groups; the first word of a group is its canonical form.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
}
