//! 留言, 办不成事 and the notices around them, as plain data: what 小申 says when human help is closed,
//! the two forms' wording and local checks, and which answered tickets the citizen has not been shown yet.
//!
//! Pure (no web-sys), so the wording and the rules are tested natively.

use bangban_core::protocol::ServiceStatus;
use bangban_core::ticket::{MAX_TICKET_CHARS, TicketKind, TicketStatus, TicketView};

/// Longest contact the server takes, in characters.
pub(crate) const MAX_CONTACT_CHARS: usize = 50;
/// How many answered ticket ids are remembered as seen (the oldest are forgotten first).
const MAX_SEEN: usize = 200;
/// Said when 转人工 is open but nobody of the queue is signed in.
pub(crate) const NO_AGENTS: &str =
    "目前没有客服在线，您可以继续等待，也可以留言，我们会在下一个工作日答复。";

/// What a 小申 notice offers besides its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NoteKind {
    /// Just the text.
    Plain,
    /// The 留言 button and the hotline.
    Offer {
        /// The number to call, "12345".
        hotline: String,
    },
}

/// One notice from 小申 outside the chat log (not part of the transcript).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Note {
    /// Unique, the key of the rendered list.
    pub(crate) id: u32,
    /// What 小申 says.
    pub(crate) text: String,
    /// What it offers.
    pub(crate) kind: NoteKind,
}

/// The notices, oldest first. Only the newest offer keeps its buttons: one 留言 button at a time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Notes {
    list: Vec<Note>,
    next_id: u32,
}

impl Notes {
    /// The notices to show.
    pub(crate) fn list(&self) -> &[Note] {
        &self.list
    }

    /// 小申 says `text`.
    pub(crate) fn say(&mut self, text: String) {
        self.push(text, NoteKind::Plain);
    }

    /// 小申 says `text` and offers 留言 and the hotline; earlier offers become plain text.
    pub(crate) fn offer(&mut self, text: String, hotline: &str) {
        for note in &mut self.list {
            note.kind = NoteKind::Plain;
        }
        self.list.retain(|n| n.text != text);
        self.push(
            text,
            NoteKind::Offer {
                hotline: hotline.to_owned(),
            },
        );
    }

    fn push(&mut self, text: String, kind: NoteKind) {
        self.next_id += 1;
        self.list.push(Note {
            id: self.next_id,
            text,
            kind,
        });
    }
}

/// What 小申 says when human help is closed: when it opens next and the hours.
pub(crate) fn closed_text(status: &ServiceStatus) -> String {
    let when = status.message.trim_end_matches('。');
    if status.hours.is_empty() {
        return format!("现在不是人工服务时间，{when}。");
    }
    format!("现在不是人工服务时间，{when}。服务时间：{}。", status.hours)
}

/// Which ticket form is open: both take a text and an optional phone number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// 留言, when human help is closed.
    Leave,
    /// 办不成事, at any time.
    Bancheng,
}

impl Form {
    /// The line above the fields.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Form::Leave => "请留下您的问题，我们会在下一个工作日答复",
            Form::Bancheng => "请描述您办事中遇到的问题，我们会转交相关部门办理",
        }
    }

    /// The text field's name.
    pub(crate) fn field(self) -> &'static str {
        match self {
            Form::Leave => "留言内容",
            Form::Bancheng => "问题描述",
        }
    }

    /// The submit button.
    pub(crate) fn submit(self) -> &'static str {
        match self {
            Form::Leave => "提交留言",
            Form::Bancheng => "提交反映",
        }
    }

    /// The form's text and contact, trimmed and checked; `Err` is the Chinese reason.
    pub(crate) fn validate(
        self,
        text: &str,
        contact: &str,
    ) -> Result<(String, Option<String>), String> {
        check(self.field(), text, contact)
    }
}

fn check(field: &str, text: &str, contact: &str) -> Result<(String, Option<String>), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("请填写{field}"));
    }
    if text.chars().count() > MAX_TICKET_CHARS {
        return Err(format!("{field}最多 {MAX_TICKET_CHARS} 字"));
    }
    let contact = contact.trim();
    if contact.chars().count() > MAX_CONTACT_CHARS {
        return Err(format!("联系电话最多 {MAX_CONTACT_CHARS} 个字符"));
    }
    let contact = (!contact.is_empty()).then(|| contact.to_owned());
    Ok((text.to_owned(), contact))
}

/// `YYYY-MM-DD` as "YYYY年M月D日"; anything else as it is.
pub(crate) fn date_label(date: &str) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts[..] {
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => date.to_owned(),
    }
}

/// What 小申 says after a 留言 was taken.
pub(crate) fn submitted_text(ticket: &TicketView) -> String {
    format!(
        "留言已提交，编号 {}，我们将在 {} 前答复",
        ticket.number,
        date_label(&ticket.due)
    )
}

/// What 小申 says after a 办不成事 report was taken.
pub(crate) fn reported_text(ticket: &TicketView) -> String {
    format!(
        "已受理，编号 {}，我们将在 {} 前答复",
        ticket.number,
        date_label(&ticket.due)
    )
}

/// What 小申 says about an answered ticket.
pub(crate) fn answer_text(ticket: &TicketView) -> Option<String> {
    let answer = ticket.answer.as_deref()?;
    let what = match ticket.kind {
        TicketKind::Bancheng => "您反映的问题",
        TicketKind::LeaveMessage | TicketKind::Hotline12345 => "您的留言",
    };
    Some(format!("{what}（编号 {}）已答复：{answer}", ticket.number))
}

/// The answered tickets not in `seen`, oldest first, and `seen` with them added.
pub(crate) fn fresh_answers<'a>(
    tickets: &'a [TicketView],
    seen: &[String],
) -> (Vec<&'a TicketView>, Vec<String>) {
    let mut fresh: Vec<&TicketView> = tickets
        .iter()
        .filter(|t| {
            t.answer.is_some() && matches!(t.status, TicketStatus::Answered | TicketStatus::Closed)
        })
        .filter(|t| !seen.contains(&t.id))
        .collect();
    fresh.sort_by_key(|t| t.answered_ms);
    let mut seen = seen.to_vec();
    seen.extend(fresh.iter().map(|t| t.id.clone()));
    let excess = seen.len().saturating_sub(MAX_SEEN);
    seen.drain(..excess);
    (fresh, seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(id: &str, answer: Option<&str>, answered_ms: Option<i64>) -> TicketView {
        TicketView {
            id: id.into(),
            number: format!("LY2026112100{id}"),
            kind: TicketKind::LeaveMessage,
            status: if answer.is_some() {
                TicketStatus::Answered
            } else {
                TicketStatus::New
            },
            item: None,
            department: None,
            problem: "居住证怎么办".into(),
            contact: None,
            conversation: None,
            created_ms: 0,
            due: "2026-11-23".into(),
            answer: answer.map(str::to_owned),
            answered_ms,
        }
    }

    #[test]
    fn closed_text_says_when_and_the_hours() {
        let status = ServiceStatus {
            open: false,
            agents_online: false,
            message: "人工服务将于 11月23日（周一）9:00 开始".into(),
            hours: "工作日 9:00-11:30、13:30-16:30".into(),
            hotline: "12345".into(),
        };
        assert_eq!(
            closed_text(&status),
            "现在不是人工服务时间，人工服务将于 11月23日（周一）9:00 开始。服务时间：工作日 9:00-11:30、13:30-16:30。"
        );
    }

    #[test]
    fn the_form_is_checked_locally() {
        assert_eq!(Form::Leave.validate("  ", ""), Err("请填写留言内容".into()));
        assert!(
            Form::Leave
                .validate(&"长".repeat(2001), "")
                .unwrap_err()
                .contains("2000")
        );
        assert!(
            Form::Leave
                .validate("问", &"1".repeat(51))
                .unwrap_err()
                .contains("50")
        );
        assert_eq!(
            Form::Leave.validate(&"长".repeat(2000), "").map(|v| v.1),
            Ok(None)
        );
        assert_eq!(
            Form::Bancheng.validate(" ", ""),
            Err("请填写问题描述".into())
        );
        assert_eq!(
            Form::Bancheng.validate(&"长".repeat(2001), ""),
            Err("问题描述最多 2000 字".into())
        );
        assert_eq!(
            Form::Leave.validate(" 怎么办 ", " 13800000000 "),
            Ok(("怎么办".into(), Some("13800000000".into())))
        );
    }

    #[test]
    fn submitted_and_answered_texts() {
        let t = ticket("1", Some("请带身份证"), Some(5));
        assert_eq!(
            submitted_text(&t),
            "留言已提交，编号 LY20261121001，我们将在 2026年11月23日 前答复"
        );
        assert_eq!(
            answer_text(&t).unwrap(),
            "您的留言（编号 LY20261121001）已答复：请带身份证"
        );
        assert_eq!(answer_text(&ticket("2", None, None)), None);
        let mut b = ticket("3", Some("已补办"), Some(6));
        b.kind = TicketKind::Bancheng;
        b.number = "BB202611210001".into();
        assert_eq!(
            reported_text(&b),
            "已受理，编号 BB202611210001，我们将在 2026年11月23日 前答复"
        );
        assert_eq!(
            answer_text(&b).unwrap(),
            "您反映的问题（编号 BB202611210001）已答复：已补办"
        );
        assert_eq!(date_label("明天"), "明天");
    }

    #[test]
    fn answers_are_shown_once() {
        let tickets = [
            ticket("1", Some("二"), Some(9)),
            ticket("2", None, None),
            ticket("3", Some("一"), Some(4)),
        ];
        let (fresh, seen) = fresh_answers(&tickets, &[]);
        let ids: Vec<&str> = fresh.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["3", "1"]);
        let (fresh, again) = fresh_answers(&tickets, &seen);
        assert!(fresh.is_empty());
        assert_eq!(again, seen);
    }

    #[test]
    fn only_the_newest_offer_has_buttons() {
        let mut notes = Notes::default();
        notes.offer("关门了".into(), "12345");
        notes.say("留言已提交".into());
        notes.offer("没人在线".into(), "12345");
        notes.offer("没人在线".into(), "12345");
        let offers = notes
            .list()
            .iter()
            .filter(|n| matches!(n.kind, NoteKind::Offer { .. }))
            .count();
        assert_eq!(offers, 1);
        assert_eq!(notes.list().len(), 3);
        assert_eq!(notes.list().last().unwrap().text, "没人在线");
    }
}
