//! Online human help hours (线上人工帮办服务时段): when 转人工 reaches a person.
//!
//! The work rules fix online human help at working days 9:00-11:30 and 13:30-16:30 Shanghai time (water-bureau
//! seed, 第九条); a department may publish other hours, so `data/hours.json` holds the default and per-department
//! overrides. Both the server (routing, queue messages) and the widget (the 转人工 button's hint) ask the same
//! questions, with the same [`Calendar`], so the answer never differs between them. Instants are Unix milliseconds;
//! Shanghai is always +08:00.

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};

/// The shipped `data/hours.json`.
const BUILTIN: &str = include_str!("../../data/hours.json");

/// The file `data/hours.json`: opening spans as `["HH:MM","HH:MM"]` pairs, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursFile {
    /// Free text for maintainers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Spans for every department without its own entry.
    pub default: Vec<[String; 2]>,
    /// Spans by department name (as in `data/items.json`), replacing the default for that department.
    #[serde(default)]
    pub departments: BTreeMap<String, Vec<[String; 2]>>,
}

/// One opening span of a working day, `open` inclusive to `close` exclusive, in minutes after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    open: u16,
    close: u16,
}

impl Span {
    /// Opening time, minutes after midnight (9:00 is 540).
    pub fn open(self) -> u16 {
        self.open
    }

    /// Closing time, minutes after midnight; at this minute help is already closed.
    pub fn close(self) -> u16 {
        self.close
    }
}

/// Why an hours file was refused, in words for the maintainer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoursError(String);

impl fmt::Display for HoursError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "hours file: {}", self.0)
    }
}

impl std::error::Error for HoursError {}

/// Validated opening hours: the default and the departments' own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hours {
    default: Vec<Span>,
    departments: BTreeMap<String, Vec<Span>>,
}

impl Hours {
    /// The hours shipped in `data/hours.json`.
    pub fn builtin() -> Hours {
        Hours::from_json(BUILTIN).expect("the built-in hours file is valid")
    }

    /// Reads and checks an hours file.
    pub fn from_json(text: &str) -> Result<Hours, HoursError> {
        Hours::from_file(serde_json::from_str(text).map_err(|e| HoursError(e.to_string()))?)
    }

    /// Checks an already-parsed hours file: times are `H:MM` or `HH:MM`, each span non-empty, spans in order
    /// without overlap, and every list non-empty.
    pub fn from_file(file: HoursFile) -> Result<Hours, HoursError> {
        let default = spans("default", &file.default)?;
        let departments = file
            .departments
            .iter()
            .map(|(name, list)| Ok((name.clone(), spans(name, list)?)));
        Ok(Hours {
            default,
            departments: departments.collect::<Result<_, HoursError>>()?,
        })
    }

    /// The spans that apply to `department` (the default for `None` or a department without its own).
    pub fn spans(&self, department: Option<&str>) -> &[Span] {
        department
            .and_then(|d| self.departments.get(d))
            .unwrap_or(&self.default)
    }

    /// The span open at `now_ms` and the date it belongs to, if help is open.
    fn open_span(
        &self,
        calendar: &Calendar,
        department: Option<&str>,
        now_ms: i64,
    ) -> Option<(Date, Span)> {
        let (today, minute_ms) = (Date::from_unix_ms(now_ms), Date::ms_of_day(now_ms));
        let inside = |s: &&Span| minute_ms >= ms(s.open) && minute_ms < ms(s.close);
        let span = self.spans(department).iter().find(inside)?;
        calendar.is_working_day(today).then_some((today, *span))
    }

    /// Whether online human help is open at `now_ms`.
    pub fn is_open(&self, calendar: &Calendar, department: Option<&str>, now_ms: i64) -> bool {
        self.open_span(calendar, department, now_ms).is_some()
    }

    /// When the current span closes, if help is open at `now_ms`.
    pub fn closing_time(
        &self,
        calendar: &Calendar,
        department: Option<&str>,
        now_ms: i64,
    ) -> Option<i64> {
        let (day, span) = self.open_span(calendar, department, now_ms)?;
        Some(day.start_unix_ms() + ms(span.close))
    }

    /// The next instant help opens: `now_ms` itself if open now.
    pub fn next_opening(&self, calendar: &Calendar, department: Option<&str>, now_ms: i64) -> i64 {
        let spans = self.spans(department);
        let (today, minute_ms) = (Date::from_unix_ms(now_ms), Date::ms_of_day(now_ms));
        let later_today = spans.iter().find(|s| minute_ms < ms(s.close));
        if let Some(span) = later_today.filter(|_| calendar.is_working_day(today)) {
            return now_ms.max(today.start_unix_ms() + ms(span.open));
        }
        let day = calendar.working_day_on_or_after(today.add_days(1));
        day.start_unix_ms() + ms(spans[0].open)
    }

    /// The hint by the 转人工 button: `人工服务中，今天 11:30 结束` when open, else when it opens, e.g.
    /// `人工服务将于今天 13:30 开始`, `人工服务将于明天 9:00 开始` or `人工服务将于 11月23日（周一）9:00 开始`.
    pub fn describe_next_opening(
        &self,
        calendar: &Calendar,
        department: Option<&str>,
        now_ms: i64,
    ) -> String {
        if let Some(close) = self.closing_time(calendar, department, now_ms) {
            return format!("人工服务中，今天 {} 结束", clock(close));
        }
        let at = self.next_opening(calendar, department, now_ms);
        let (today, day) = (Date::from_unix_ms(now_ms), Date::from_unix_ms(at));
        let (weekday, time) = (day.weekday().chinese(), clock(at));
        match day.days_since_epoch() - today.days_since_epoch() {
            0 => format!("人工服务将于今天 {time} 开始"),
            1 => format!("人工服务将于明天 {time} 开始"),
            _ if day.year() == today.year() => {
                format!(
                    "人工服务将于 {}月{}日（{weekday}）{time} 开始",
                    day.month(),
                    day.day()
                )
            }
            _ => format!(
                "人工服务将于 {}年{}月{}日（{weekday}）{time} 开始",
                day.year(),
                day.month(),
                day.day()
            ),
        }
    }

    /// The hours in words, e.g. `工作日 9:00-11:30、13:30-16:30`.
    pub fn describe_hours(&self, department: Option<&str>) -> String {
        let spans: Vec<String> = self
            .spans(department)
            .iter()
            .map(|s| format!("{}-{}", minutes(s.open), minutes(s.close)))
            .collect();
        format!("工作日 {}", spans.join("、"))
    }
}

/// Minutes after midnight as milliseconds.
fn ms(minutes: u16) -> i64 {
    i64::from(minutes) * 60_000
}

/// `H:MM` of minutes after midnight.
fn minutes(m: u16) -> String {
    format!("{}:{:02}", m / 60, m % 60)
}

/// `H:MM` Shanghai time of an instant.
fn clock(at_ms: i64) -> String {
    minutes((Date::ms_of_day(at_ms) / 60_000) as u16)
}

/// Checks one department's list of spans.
fn spans(who: &str, list: &[[String; 2]]) -> Result<Vec<Span>, HoursError> {
    let fail = |what: String| HoursError(format!("{who}: {what}"));
    let mut out: Vec<Span> = Vec::with_capacity(list.len());
    for [open, close] in list {
        let time =
            |t: &String| parse_time(t).ok_or_else(|| fail(format!("{t:?} is not a time H:MM")));
        let span = Span {
            open: time(open)?,
            close: time(close)?,
        };
        if span.open >= span.close {
            return Err(fail(format!("{open}-{close} closes before it opens")));
        }
        if out.last().is_some_and(|prev| prev.close > span.open) {
            return Err(fail(format!(
                "{open}-{close} overlaps or precedes the span before it"
            )));
        }
        out.push(span);
    }
    if out.is_empty() {
        return Err(fail("no opening spans".to_owned()));
    }
    Ok(out)
}

/// Minutes after midnight of `H:MM` or `HH:MM`, up to `24:00`.
fn parse_time(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(numeric(h) && h.len() <= 2 && numeric(m) && m.len() == 2) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h, m) == (24, 0))).then_some(h * 60 + m)
}
