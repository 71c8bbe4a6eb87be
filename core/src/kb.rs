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

/// Longest entry id, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// Longest question (and similar question), in characters.
pub const MAX_QUESTION_CHARS: usize = 500;
/// Longest answer, in characters.
pub const MAX_ANSWER_CHARS: usize = 5000;

/// One reason an entry cannot be accepted, with where it is in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbProblem {
    /// Row in the file: the CSV line number, or the 1-based position in the JSON `entries` array.
    pub row: usize,
    /// The entry id, when it has one.
    pub id: String,
    /// Why, in Chinese.
    pub reason: String,
}

impl std::fmt::Display for KbProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第 {} 行（{}）：{}", self.row, self.id, self.reason)
    }
}

/// Checks entries as a whole (ids unique) and one by one; `rows[i]` is where entry `i` is in its file.
/// An empty result means the set can be published.
pub fn validate(entries: &[KbEntry], rows: &[usize]) -> Vec<KbProblem> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let row = rows.get(i).copied().unwrap_or(i + 1);
        let mut report = |reason: String| {
            problems.push(KbProblem {
                row,
                id: e.id.clone(),
                reason,
            })
        };
        for reason in entry_problems(e) {
            report(reason);
        }
        if let Some(first) = seen.insert(e.id.as_str(), row) {
            report(format!("编号与第 {first} 行重复"));
        }
    }
    problems
}

fn entry_problems(e: &KbEntry) -> Vec<String> {
    let mut out = Vec::new();
    let id_ok = !e.id.is_empty()
        && e.id.chars().count() <= MAX_ID_CHARS
        && e.id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !id_ok {
        out.push(format!("编号须为 1-{MAX_ID_CHARS} 位字母、数字、- 或 _"));
    }
    if !COLUMNS.contains(&e.column.as_str()) {
        out.push(format!(
            "栏目「{}」不存在，应为：{}",
            e.column,
            COLUMNS.join("、")
        ));
    }
    check_text(&mut out, "问题", &e.question, MAX_QUESTION_CHARS);
    check_text(&mut out, "答案", &e.answer, MAX_ANSWER_CHARS);
    for s in &e.similar {
        check_text(&mut out, "相似问题", s, MAX_QUESTION_CHARS);
    }
    if e.keywords.iter().any(|k| k.trim().is_empty()) {
        out.push("关键词不能为空".to_owned());
    }
    if let Some(date) = &e.effective
        && !is_iso_date(date)
    {
        out.push(format!("生效日期「{date}」应为 YYYY-MM-DD"));
    }
    out
}

fn check_text(out: &mut Vec<String>, what: &str, text: &str, max: usize) {
    let chars = text.chars().count();
    if text.trim().is_empty() {
        out.push(format!("{what}不能为空"));
    } else if chars > max {
        out.push(format!("{what}过长：最多 {max} 字，当前 {chars} 字"));
    }
}

/// `YYYY-MM-DD` with a real month and a day in 1..=31.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
        return false;
    }
    if !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> KbEntry {
        KbEntry {
            id: id.into(),
            column: "常见问题".into(),
            item: None,
            department: None,
            question: "居住证怎么签注".into(),
            similar: vec![],
            keywords: vec![],
            answer: "在一网通办办理。".into(),
            effective: None,
            updated: None,
        }
    }

    #[test]
    fn a_good_set_has_no_problems() {
        assert!(validate(&[entry("kb-1"), entry("kb-2")], &[2, 3]).is_empty());
    }

    #[test]
    fn every_problem_names_its_row() {
        let mut bad = entry("kb 1");
        bad.column = "杂项".into();
        bad.answer = " ".into();
        bad.effective = Some("2026-13-01".into());
        let problems = validate(&[entry("kb-1"), bad, entry("kb-1")], &[2, 3, 4]);
        let rows: Vec<usize> = problems.iter().map(|p| p.row).collect();
        assert_eq!(rows, [3, 3, 3, 3, 4]);
        assert!(problems[4].reason.contains("第 2 行重复"));
        assert_eq!(problems[2].to_string(), "第 3 行（kb 1）：答案不能为空");
    }

    #[test]
    fn overlong_texts_are_refused() {
        let mut long = entry("kb-9");
        long.question = "问".repeat(MAX_QUESTION_CHARS + 1);
        let problems = validate(&[long], &[1]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].reason.starts_with("问题过长"));
    }
}
