//! Civil dates in Shanghai without a date library.
//!
//! `bangban-core` ships to the browser, where jiff or chrono would cost size for the little we need: count days,
//! name the weekday, and turn a Unix instant into a Shanghai date. Asia/Shanghai has had a fixed +08:00 offset
//! and no daylight saving since 1991, so an instant is a date and a time of day by plain arithmetic.
//! Day numbers use Howard Hinnant's `days_from_civil` algorithm (proleptic Gregorian calendar).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Milliseconds in one day.
pub const DAY_MS: i64 = 86_400_000;

/// Shanghai's offset from UTC (+08:00), in milliseconds.
pub const SHANGHAI_OFFSET_MS: i64 = 8 * 3_600_000;

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weekday {
    /// 周一.
    Monday,
    /// 周二.
    Tuesday,
    /// 周三.
    Wednesday,
    /// 周四.
    Thursday,
    /// 周五.
    Friday,
    /// 周六.
    Saturday,
    /// 周日.
    Sunday,
}

impl Weekday {
    const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Saturday | Weekday::Sunday)
    }

    /// The short Chinese name the widget shows, e.g. `周一`.
    pub fn chinese(self) -> &'static str {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][self as usize]
    }
}

/// A calendar date (年月日) in the proleptic Gregorian calendar; always valid once built.
///
/// Ordered chronologically. Serialized as `"YYYY-MM-DD"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a `YYYY-MM-DD` date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDateError(String);

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a date in the form YYYY-MM-DD", self.0)
    }
}

impl std::error::Error for ParseDateError {}

impl Date {
    /// The date, or `None` if there is no such day (e.g. 2026-02-29).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The year, e.g. 2026.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date `n` days later (earlier if `n` is negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }

    /// The Shanghai date of a Unix instant in milliseconds.
    pub fn from_unix_ms(ms: i64) -> Date {
        Date::from_days_since_epoch((ms + SHANGHAI_OFFSET_MS).div_euclid(DAY_MS))
    }

    /// Milliseconds since Shanghai midnight at the Unix instant `ms`, 0 to 86 399 999.
    pub fn ms_of_day(ms: i64) -> i64 {
        (ms + SHANGHAI_OFFSET_MS).rem_euclid(DAY_MS)
    }

    /// The Unix instant in milliseconds of 00:00 on this date in Shanghai.
    pub fn start_unix_ms(self) -> i64 {
        self.days_since_epoch() * DAY_MS - SHANGHAI_OFFSET_MS
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = ParseDateError;

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day).
    fn from_str(s: &str) -> Result<Date, ParseDateError> {
        let err = || ParseDateError(s.to_owned());
        let b = s.as_bytes();
        let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
        let digits = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        if !shaped {
            return Err(err());
        }
        match (digits(0..4), digits(5..7), digits(8..10)) {
            (Some(y), Some(m), Some(d)) => Date::new(y as i32, m as u8, d as u8).ok_or_else(err),
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
