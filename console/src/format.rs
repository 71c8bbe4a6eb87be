//! Text shown to agents: waiting times, clock times, stars, status words, message ids.
//!
//! Pure functions without web-sys, so they are unit-tested natively (`cargo test -p bangban-console`).

use bangban_core::protocol::ConversationStatus;

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
}
