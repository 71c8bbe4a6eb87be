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
    /// Traditional characters a question may be typed in, each followed by the simplified one the matcher
    /// reads it as (`"證证簽签"`): the built-in pairs for the knowledge base's characters, put in by
    /// [`with_built_in_lexicon`](crate::matcher::with_built_in_lexicon) as it is published.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub traditional: String,
}

/// A text of the knowledge base's JSON, borrowed from it when it holds no escape (most do), so that
/// reading a snapshot for the index allocates no string.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Text<'a>(#[serde(borrow)] pub std::borrow::Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(text: &'a str) -> Text<'a> {
        Text(std::borrow::Cow::Borrowed(text))
    }
}

/// A text of the knowledge base's JSON as bytes, not yet checked to be UTF-8: the matcher checks the
/// questions as it reads them, and reads a run of text that it has seen before without decoding it again,
/// so checking each string as it is parsed (a sixth of parsing and indexing) would be checking twice. A
/// JSON string with an escape is unescaped (and then holds its own copy); one that holds a raw control
/// character, which JSON forbids, is read as written.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RawText<'a>(#[serde(borrow)] pub std::borrow::Cow<'a, [u8]>);

impl std::ops::Deref for RawText<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl<'a> From<&'a str> for RawText<'a> {
    fn from(text: &'a str) -> RawText<'a> {
        RawText(std::borrow::Cow::Borrowed(text.as_bytes()))
    }
}

/// What the matcher indexes of an entry ([`KbEntry`]'s fields of the same names); read from a snapshot's
/// JSON with [`IndexFile`], whose other fields (the answer, most of the text) are skipped unread. The
/// questions, most of the text, are [`RawText`]: [`Matcher::index`](crate::matcher::Matcher::index) fails
/// on one that is not UTF-8.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct IndexEntry<'a> {
    /// Stable id.
    #[serde(borrow)]
    pub id: Text<'a>,
    /// Service item.
    #[serde(borrow, default)]
    pub item: Option<Text<'a>>,
    /// The standard question.
    #[serde(borrow)]
    pub question: RawText<'a>,
    /// Other ways of asking the same thing.
    #[serde(borrow, default)]
    pub similar: Vec<RawText<'a>>,
    /// Keywords.
    #[serde(borrow, default)]
    pub keywords: Vec<Text<'a>>,
    /// The answer, indexed only for an entry with at most [`ANSWER_INDEXED_UP_TO`] similar questions (see
    /// [`IndexEntry::answer_indexed`]); `None` where it is not wanted. Unchecked bytes like the questions:
    /// only an indexed answer is checked to be UTF-8.
    #[serde(borrow, default)]
    pub answer: Option<RawText<'a>>,
}

/// An entry with at most this many similar questions is also found by the words of its answer: a knowledge
/// base written as a formal FAQ has one phrasing per entry, and the citizen's words are often only in the
/// answer (传不上去 in the answer of 上传申请材料时提示失败怎么办).
pub const ANSWER_INDEXED_UP_TO: usize = 1;

impl IndexEntry<'_> {
    /// Whether the matcher indexes this entry's answer.
    pub fn answer_indexed(&self) -> bool {
        self.similar.len() <= ANSWER_INDEXED_UP_TO
    }
}

impl<'a> From<&'a KbEntry> for IndexEntry<'a> {
    fn from(e: &'a KbEntry) -> IndexEntry<'a> {
        IndexEntry {
            id: e.id.as_str().into(),
            item: e.item.as_deref().map(Text::from),
            question: e.question.as_str().into(),
            similar: e.similar.iter().map(|s| s.as_str().into()).collect(),
            keywords: e.keywords.iter().map(|s| s.as_str().into()).collect(),
            answer: Some(e.answer.as_str().into()),
        }
    }
}

/// A knowledge-base file or snapshot (`{"entries":[..],"synonyms":[[..]]}`, any other field ignored) as
/// the matcher indexes it, borrowing its texts from the JSON: see [`IndexEntry`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct IndexFile<'a> {
    /// The entries.
    #[serde(borrow)]
    pub entries: Vec<IndexEntry<'a>>,
    /// Synonym groups; the first word of a group is its canonical form.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// See [`KbSnapshot::traditional`].
    #[serde(default)]
    pub traditional: String,
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
    use std::borrow::Cow;

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
    fn the_index_reads_the_same_texts_as_the_full_parse() {
        let text = r#"{"version":2,"entries":[{"id":"kb-1","column":"常见问题","item":"居住证",
            "question":"要带\"什么\"？\u5c45住证","similar":["a\\b","签注"],"keywords":["居住证"],
            "answer":"略","updated":"2026-01-01T00:00:00Z"},{"id":"kb-2","column":"常见问题",
            "question":"问","answer":"答"}],"synonyms":[["居住证","居住登记"]]}"#;
        let full: KbSnapshot = serde_json::from_str(text).unwrap();
        let index: IndexFile = serde_json::from_slice(text.as_bytes()).unwrap();
        let expected: Vec<IndexEntry> = full.entries.iter().map(IndexEntry::from).collect();
        assert_eq!(index.entries, expected);
        assert_eq!(index.synonyms, full.synonyms);
        assert_eq!(
            &*index.entries[0].question,
            "要带\"什么\"？居住证".as_bytes()
        );
        // Texts without an escape are borrowed from the JSON.
        assert!(matches!(index.entries[0].similar[1].0, Cow::Borrowed(_)));
        assert!(matches!(index.entries[0].similar[0].0, Cow::Owned(_)));
        assert!(matches!(
            index.entries[0].item.as_ref().unwrap().0,
            Cow::Borrowed(_)
        ));
        let demo = include_str!("../../data/demo-kb.json");
        let full: KbFile = serde_json::from_str(demo).unwrap();
        let index: IndexFile = serde_json::from_slice(demo.as_bytes()).unwrap();
        let expected: Vec<IndexEntry> = full.entries.iter().map(IndexEntry::from).collect();
        assert_eq!(index.entries, expected);
        assert_eq!(index.synonyms, full.synonyms);
        assert!(serde_json::from_slice::<IndexFile>(br#"{"version":1}"#).is_err());
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
