//! The year file: one JSON file per year, as published by the State Council.
//!
//! Each file copies one 国务院办公厅 notice on holiday arrangements (部分节假日安排的通知): the days off
//! (`holidays`, whole announced ranges, weekends included) and the make-up working days (`workdays`, 调休上班).
//! Maintainers edit these files when a notice appears; see `data/calendar/README.md`.

use serde::{Deserialize, Serialize};

/// One year's arrangement, e.g. `data/calendar/2026.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearFile {
    /// The year every listed day belongs to.
    pub year: i32,
    /// The notice the days come from, e.g. `国务院办公厅关于2026年部分节假日安排的通知`.
    pub source: String,
    /// True while the days are derived by us rather than copied from an official notice.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
    /// Free text for maintainers, e.g. why the file is provisional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Days off (放假), by holiday.
    #[serde(default)]
    pub holidays: Vec<DayGroup>,
    /// Weekend days that are working days (调休上班), by holiday.
    #[serde(default)]
    pub workdays: Vec<DayGroup>,
}

/// Named days of one holiday, e.g. `{"name":"春节","days":["2026-02-15",...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayGroup {
    /// The holiday, e.g. `春节` or `春节调休`.
    pub name: String,
    /// Dates as `YYYY-MM-DD`; kept as text so that an error can quote the bad entry and its group.
    pub days: Vec<String>,
}
