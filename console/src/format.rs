//! Text shown to agents: waiting times, clock times, stars, status words, message ids.
//!
//! Pure functions without web-sys, so they are unit-tested natively (`cargo test -p bangban-console`).

use bangban_core::protocol::ConversationStatus;
use bangban_core::ticket::{TicketStatus, TicketView};

/// "已等待 0:42": how long a citizen has waited; minutes:seconds, hours when it gets that bad.
///
/// A negative span (the agent's clock behind the server's) shows as zero rather than confusing anyone.
pub(crate) fn waiting(elapsed_ms: i64) -> String {
    let secs = elapsed_ms.max(0) / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("已等待 {h}:{m:02}:{s:02}")
    } else {
        format!("已等待 {m}:{s:02}")
    }
}

/// "14:05": the wall-clock time of `at_ms` in a zone `offset_minutes` east of UTC.
///
/// The browser supplies the offset; taking it as an argument keeps this testable without a browser.
pub(crate) fn clock(at_ms: i64, offset_minutes: i64) -> String {
    let minutes = (at_ms.div_euclid(60_000) + offset_minutes).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// "★★★★☆" for four stars out of five.
pub(crate) fn stars(count: u8) -> String {
    let full = usize::from(count.min(5));
    format!("{}{}", "★".repeat(full), "☆".repeat(5 - full))
}

/// The Chinese word for a chat's state, as the chat header shows it.
pub(crate) fn status(status: ConversationStatus) -> &'static str {
    match status {
        ConversationStatus::Waiting => "等待接入",
        ConversationStatus::Active => "进行中",
        ConversationStatus::Closed => "已结束",
    }
}

/// The service item, or "未指定事项" when the page named none.
pub(crate) fn item(item: Option<&str>) -> &str {
    item.filter(|i| !i.trim().is_empty())
        .unwrap_or("未指定事项")
}

/// A fresh client message id: printable ASCII, unique enough per agent (time plus randomness).
///
/// The server drops a second message with the same id, which is what makes resending after a reconnect safe.
pub(crate) fn client_id(now_ms: i64, random: u64) -> String {
    format!("k{now_ms:x}-{random:x}")
}

/// Appends `text` to the reply being written, on a new line when there is text already.
pub(crate) fn append_line(draft: &mut String, text: &str) {
    if !draft.trim_end().is_empty() {
        let kept = draft.trim_end().len();
        draft.truncate(kept);
        draft.push('\n');
    } else {
        draft.clear();
    }
    draft.push_str(text);
}

/// Whether a ticket is past its due day (`YYYY-MM-DD`, compared with today in Shanghai) and still unanswered.
pub(crate) fn is_overdue(ticket: &TicketView, today: &str) -> bool {
    let open = !matches!(ticket.status, TicketStatus::Answered | TicketStatus::Closed);
    open && ticket.due.as_str() < today
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_shows_minutes_and_seconds() {
        assert_eq!(waiting(42_000), "已等待 0:42");
        assert_eq!(waiting(61_999), "已等待 1:01");
        assert_eq!(waiting(3_723_000), "已等待 1:02:03");
        assert_eq!(waiting(-5_000), "已等待 0:00");
    }

    #[test]
    fn clock_applies_the_offset_and_wraps_midnight() {
        // 2024-01-01T00:05:00Z
        let at = 1_704_067_500_000;
        assert_eq!(clock(at, 0), "00:05");
        assert_eq!(clock(at, 8 * 60), "08:05");
        assert_eq!(clock(at, -60), "23:05");
    }

    #[test]
    fn stars_fill_from_the_left() {
        assert_eq!(stars(4), "★★★★☆");
        assert_eq!(stars(0), "☆☆☆☆☆");
        assert_eq!(stars(9), "★★★★★");
    }

    #[test]
    fn missing_items_get_a_word() {
        assert_eq!(item(None), "未指定事项");
        assert_eq!(item(Some(" ")), "未指定事项");
        assert_eq!(item(Some("居住证签注")), "居住证签注");
    }

    #[test]
    fn client_ids_are_valid_for_the_server() {
        let id = client_id(1_704_067_500_000, u64::MAX);
        assert!(bangban_core::text::validate_client_id(&id).is_ok());
    }

    #[test]
    fn inserted_text_goes_on_its_own_line() {
        let mut draft = String::new();
        append_line(&mut draft, "您好");
        assert_eq!(draft, "您好");
        append_line(&mut draft, "请稍候");
        assert_eq!(draft, "您好\n请稍候");
        let mut blank = "  \n".to_owned();
        append_line(&mut blank, "好的");
        assert_eq!(blank, "好的");
    }

    #[test]
    fn unanswered_tickets_past_their_day_are_overdue() {
        let mut t = TicketView {
            id: "t".into(),
            number: "LY1".into(),
            kind: bangban_core::ticket::TicketKind::LeaveMessage,
            status: TicketStatus::New,
            item: None,
            department: None,
            problem: String::new(),
            contact: None,
            conversation: None,
            created_ms: 0,
            due: "2026-11-23".into(),
            answer: None,
            answered_ms: None,
        };
        assert!(!is_overdue(&t, "2026-11-23"));
        assert!(is_overdue(&t, "2026-11-24"));
        t.status = TicketStatus::Answered;
        assert!(!is_overdue(&t, "2026-11-24"));
    }
}
