//! How the dashboard writes figures: shares as percentages, response times in seconds, each standard's target,
//! the default date range and the CSV links. Pure logic, tested natively.

use bangban_core::calendar::Date;

/// Days in the default range, today included.
pub(crate) const DEFAULT_DAYS: i64 = 7;

/// "66.7%", or "暂无数据" when nothing was measured.
pub(crate) fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "暂无数据".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// "12.3 秒" (tenths, truncated), or "暂无数据".
pub(crate) fn seconds(ms: Option<i64>) -> String {
    ms.map_or_else(
        || "暂无数据".to_owned(),
        |ms| format!("{}.{} 秒", ms / 1000, (ms % 1000) / 100),
    )
}

/// The target of the standard at `index` in `Figures::standards()`, in words.
pub(crate) fn target(index: usize) -> &'static str {
    match index {
        1 => "目标：不低于 90%",
        2 => "目标：不高于 10%",
        3 => "目标：不低于 50%",
        _ => "目标：100%",
    }
}

/// Whether a standard is met, in words (the card's colour says it too).
pub(crate) fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => "暂无数据",
    }
}

/// The last [`DEFAULT_DAYS`] days ending `today`: `(from, to)`.
pub(crate) fn default_range(today: Date) -> (String, String) {
    (
        today.add_days(1 - DEFAULT_DAYS).to_string(),
        today.to_string(),
    )
}

/// The CSV export of one table.
pub(crate) fn export_href(from: &str, to: &str, by: &str) -> String {
    format!("/api/stats/export?from={from}&to={to}&by={by}")
}

/// A bar's length in percent of the longest (`max`), at least a sliver when the count is not zero.
pub(crate) fn bar_width(count: u64, max: u64) -> f64 {
    if max == 0 || count == 0 {
        return 0.0;
    }
    (count as f64 / max as f64 * 100.0).max(2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_times_read_as_people_write_them() {
        assert_eq!(percent(Some(2.0 / 3.0)), "66.7%");
        assert_eq!(percent(Some(1.0)), "100.0%");
        assert_eq!(percent(None), "暂无数据");
        assert_eq!(seconds(Some(12_345)), "12.3 秒");
        assert_eq!(seconds(Some(999)), "0.9 秒");
        assert_eq!(seconds(None), "暂无数据");
    }

    #[test]
    fn the_default_range_is_the_last_seven_days() {
        let today = Date::new(2026, 11, 23).unwrap();
        assert_eq!(
            default_range(today),
            ("2026-11-17".to_owned(), "2026-11-23".to_owned())
        );
    }

    #[test]
    fn bars_scale_to_the_longest() {
        assert_eq!(bar_width(0, 0), 0.0);
        assert_eq!(bar_width(5, 10), 50.0);
        assert_eq!(bar_width(1, 1000), 2.0);
        assert_eq!(
            export_href("2026-11-17", "2026-11-23", "item"),
            "/api/stats/export?from=2026-11-17&to=2026-11-23&by=item"
        );
    }
}
