//! The 知识库 pages' pure logic: the entry form's texts and the entry they make, status words, times and the
//! forms pre-filled from an unanswered group or a draft. No web-sys, so it is unit-tested natively.

use bangban_core::calendar::{Date, SHANGHAI_OFFSET_MS};
use bangban_core::kb::KbEntry;
use bangban_core::kbwork::{DraftView, UnansweredGroup};

use crate::format;

/// The 栏目 new entries get unless the maintainer picks another.
pub(crate) const DEFAULT_COLUMN: &str = "常见问题";
/// The list shows at most this many entries; a search narrows it.
pub(crate) const SHOWN_AT_MOST: usize = 100;

/// The entry form's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FormText {
    /// 问题.
    pub(crate) question: String,
    /// 相似问法, one per line.
    pub(crate) similar: String,
    /// 关键词, separated by `|`.
    pub(crate) keywords: String,
    /// 答案.
    pub(crate) answer: String,
    /// 栏目.
    pub(crate) column: String,
    /// 事项.
    pub(crate) item: String,
    /// 部门.
    pub(crate) department: String,
    /// 生效日期 (`YYYY-MM-DD`, as a date input gives it), empty for "now".
    pub(crate) effective: String,
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The non-empty lines, trimmed.
pub(crate) fn lines(text: &str) -> Vec<String> {
    text.lines().filter_map(optional).collect()
}

/// Keywords separated by `|` (the full-width `｜` too, as Chinese input methods type it).
pub(crate) fn keywords(text: &str) -> Vec<String> {
    text.split(['|', '｜']).filter_map(optional).collect()
}

impl FormText {
    /// The form filled with an entry, to edit it.
    pub(crate) fn from_entry(e: &KbEntry) -> FormText {
        FormText {
            question: e.question.clone(),
            similar: e.similar.join("\n"),
            keywords: e.keywords.join(" | "),
            answer: e.answer.clone(),
            column: e.column.clone(),
            item: e.item.clone().unwrap_or_default(),
            department: e.department.clone().unwrap_or_default(),
            effective: e.effective.clone().unwrap_or_default(),
        }
    }

    /// The entry the form describes; `id` is empty for a new one (the server gives the next free id).
    /// The server validates it and answers in Chinese; nothing is refused here.
    pub(crate) fn to_entry(&self, id: &str) -> KbEntry {
        KbEntry {
            id: id.to_owned(),
            column: self.column.trim().to_owned(),
            item: optional(&self.item),
            department: optional(&self.department),
            question: self.question.trim().to_owned(),
            similar: lines(&self.similar),
            keywords: keywords(&self.keywords),
            answer: self.answer.trim().to_owned(),
            effective: optional(&self.effective),
            updated: None,
        }
    }

    /// A new entry answering an unanswered group: its question, the other phrasings as 相似问法, its 事项
    /// and that item's department.
    pub(crate) fn from_group(group: &UnansweredGroup, department: Option<String>) -> FormText {
        let similar: Vec<&str> = group
            .samples
            .iter()
            .map(String::as_str)
            .filter(|s| *s != group.question)
            .collect();
        FormText {
            question: group.question.clone(),
            similar: similar.join("\n"),
            column: DEFAULT_COLUMN.to_owned(),
            item: group.item.clone().unwrap_or_default(),
            department: department.unwrap_or_default(),
            ..FormText::default()
        }
    }

    /// The form filled with an agent's draft, to edit it before approving.
    pub(crate) fn from_draft(draft: &DraftView) -> FormText {
        FormText {
            question: draft.question.clone(),
            answer: draft.answer.clone(),
            column: DEFAULT_COLUMN.to_owned(),
            item: draft.item.clone().unwrap_or_default(),
            department: draft.department.clone().unwrap_or_default(),
            ..FormText::default()
        }
    }
}

/// 已下架, 待生效 (published ahead, takes effect later) or 已发布; `today` is `YYYY-MM-DD` in Shanghai.
pub(crate) fn status(retired: bool, effective: Option<&str>, today: &str) -> &'static str {
    if retired {
        "已下架"
    } else if effective.is_some_and(|day| day > today) {
        "待生效"
    } else {
        "已发布"
    }
}

/// "2026-11-23 10:05" in Shanghai.
pub(crate) fn shanghai_minute(at_ms: i64) -> String {
    let offset_minutes = SHANGHAI_OFFSET_MS / 60_000;
    let date = Date::from_unix_ms(at_ms);
    format!("{date} {}", format::clock(at_ms, offset_minutes))
}

/// "2026-11-30", or "2026-11-30（已逾期）" past it.
pub(crate) fn due_label(group: &UnansweredGroup) -> String {
    if group.overdue {
        format!("{}（已逾期）", group.due)
    } else {
        group.due.clone()
    }
}

/// "已发布版本 12".
pub(crate) fn version_label(version: u64) -> String {
    format!("已发布版本 {version}")
}

#[cfg(test)]
mod tests {
    use bangban_core::kbwork::DraftStatus;

    use super::*;

    fn group() -> UnansweredGroup {
        UnansweredGroup {
            ids: vec![3, 7],
            question: "电动自行车怎么上牌".into(),
            count: 2,
            samples: vec!["电动自行车怎么上牌".into(), "电动自行车上牌去哪".into()],
            item: Some("居住登记".into()),
            first_ms: 0,
            due: "2026-11-30".into(),
            overdue: true,
        }
    }

    #[test]
    fn the_form_makes_a_trimmed_entry_with_lists_and_optional_fields() {
        let text = FormText {
            question: " 居住证怎么签注 ".into(),
            similar: "居住证续签\n\n  签注在哪办 \n".into(),
            keywords: "签注 | 居住证｜ |续签".into(),
            answer: "在随申办办理：https://zwdt.sh.gov.cn".into(),
            column: "常见问题".into(),
            item: "居住证签注".into(),
            department: " ".into(),
            effective: String::new(),
        };
        let e = text.to_entry("");
        assert_eq!(e.id, "");
        assert_eq!(e.question, "居住证怎么签注");
        assert_eq!(e.similar, ["居住证续签", "签注在哪办"]);
        assert_eq!(e.keywords, ["签注", "居住证", "续签"]);
        assert_eq!(e.item.as_deref(), Some("居住证签注"));
        assert_eq!((e.department, e.effective), (None, None));
    }

    #[test]
    fn an_entry_round_trips_through_the_form() {
        let mut e = FormText {
            question: "问".into(),
            similar: "甲\n乙".into(),
            keywords: "a | b".into(),
            answer: "答".into(),
            column: "政策文件".into(),
            item: String::new(),
            department: "市公安局".into(),
            effective: "2026-12-01".into(),
        }
        .to_entry("kb-0007");
        assert_eq!(FormText::from_entry(&e).to_entry("kb-0007"), e);
        e.updated = Some("2026-11-23T02:00:00Z".into());
        assert_eq!(FormText::from_entry(&e).effective, "2026-12-01");
    }

    #[test]
    fn a_group_prefills_its_question_other_phrasings_and_item() {
        let text = FormText::from_group(&group(), Some("市公安局".into()));
        assert_eq!(text.question, "电动自行车怎么上牌");
        assert_eq!(text.similar, "电动自行车上牌去哪");
        assert_eq!(text.column, DEFAULT_COLUMN);
        assert_eq!(
            (text.item.as_str(), text.department.as_str()),
            ("居住登记", "市公安局")
        );
        assert_eq!(due_label(&group()), "2026-11-30（已逾期）");
    }

    #[test]
    fn a_draft_prefills_question_answer_and_department() {
        let draft = DraftView {
            id: "d1".into(),
            question: "能代办吗".into(),
            answer: "可以。".into(),
            item: None,
            department: Some("市公安局".into()),
            author: "小王".into(),
            created_ms: 0,
            status: DraftStatus::Draft,
            entry: None,
        };
        let e = FormText::from_draft(&draft).to_entry("");
        assert_eq!(
            (e.question.as_str(), e.answer.as_str()),
            ("能代办吗", "可以。")
        );
        assert_eq!(e.column, DEFAULT_COLUMN);
        assert_eq!((e.item, e.department.as_deref()), (None, Some("市公安局")));
    }

    #[test]
    fn status_words_follow_retirement_and_the_effective_day() {
        assert_eq!(status(true, None, "2026-11-23"), "已下架");
        assert_eq!(status(false, Some("2026-11-24"), "2026-11-23"), "待生效");
        assert_eq!(status(false, Some("2026-11-23"), "2026-11-23"), "已发布");
        assert_eq!(status(false, None, "2026-11-23"), "已发布");
    }

    #[test]
    fn times_are_shown_in_shanghai() {
        // 2026-11-23T02:05:00Z is 10:05 in Shanghai.
        assert_eq!(shanghai_minute(1_795_399_500_000), "2026-11-23 10:05");
        assert_eq!(version_label(12), "已发布版本 12");
    }
}
