//! China's working-day calendar (工作日): weekends and statutory holidays off, announced make-up days (调休) on.
//!
//! Service standards count in working days (a 差评 is answered within 1 working day, rectified within 5), and online
//! human help is open on working days only. Which days those are is not computable: each November the State Council
//! announces the next year's holidays and the weekend days worked in exchange. So the days live in one JSON file per
//! year under `data/calendar/`, editable without a rebuild; [`Calendar::builtin`] embeds the shipped files so that
//! the server and the browser agree, and the server may load newer files from disk with [`Calendar::from_json`].
//! Outside the years covered, Monday to Friday are working days.

mod date;
mod file;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

pub use date::{DAY_MS, Date, ParseDateError, SHANGHAI_OFFSET_MS, Weekday};
pub use file::{DayGroup, YearFile};

/// The shipped year files, oldest first.
const BUILTIN: [&str; 3] = [
    include_str!("../../data/calendar/2025.json"),
    include_str!("../../data/calendar/2026.json"),
    include_str!("../../data/calendar/2027.json"),
];

/// Working days of the years covered by the loaded files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Covered years and whether their file is provisional.
    years: BTreeMap<i32, bool>,
    /// Every listed day: true for a make-up working day, false for a day off; with the holiday's name.
    special: BTreeMap<Date, (bool, String)>,
}

/// Why a set of year files was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// The text at this index of the list is not JSON of the year-file shape.
    Malformed {
        /// Index in the list given to [`Calendar::from_json`].
        index: usize,
        /// What the reader found wrong.
        reason: String,
    },
    /// Two files for the same year.
    DuplicateYear(i32),
    /// An entry that is not a `YYYY-MM-DD` date.
    BadDate {
        /// The file's year.
        year: i32,
        /// The group's name.
        name: String,
        /// The entry as written.
        text: String,
    },
    /// A date that does not belong to the file's year.
    OutsideYear {
        /// The file's year.
        year: i32,
        /// The group's name.
        name: String,
        /// The date.
        date: Date,
    },
    /// A date listed both as a day off and as a make-up working day.
    HolidayAndWorkday(Date),
    /// A make-up working day on Monday to Friday, which is a working day anyway: surely a typo.
    WorkdayNotWeekend {
        /// The group's name.
        name: String,
        /// The date.
        date: Date,
    },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed { index, reason } => {
                write!(f, "calendar file #{}: {reason}", index + 1)
            }
            Self::DuplicateYear(year) => write!(f, "two calendar files for {year}"),
            Self::BadDate { year, name, text } => {
                write!(
                    f,
                    "calendar {year}, {name}: {text:?} is not a date in the form YYYY-MM-DD"
                )
            }
            Self::OutsideYear { year, name, date } => {
                write!(f, "calendar {year}, {name}: {date} is not in {year}")
            }
            Self::HolidayAndWorkday(date) => write!(
                f,
                "calendar: {date} is both a holiday and a make-up workday"
            ),
            Self::WorkdayNotWeekend { name, date } => write!(
                f,
                "calendar {}, {name}: make-up workday {date} is a {:?}, a working day anyway",
                date.year(),
                date.weekday()
            ),
        }
    }
}

impl std::error::Error for CalendarError {}

impl Calendar {
    /// The calendar of the files shipped in `data/calendar/` (2025 to 2027; 2027 provisional).
    pub fn builtin() -> Calendar {
        Calendar::from_json(&BUILTIN).expect("the built-in calendar files are valid")
    }

    /// Reads year files (JSON text, one per year, any order) into one calendar.
    pub fn from_json(texts: &[&str]) -> Result<Calendar, CalendarError> {
        let files = texts.iter().enumerate().map(|(index, text)| {
            serde_json::from_str(text).map_err(|e| CalendarError::Malformed {
                index,
                reason: e.to_string(),
            })
        });
        Calendar::from_files(files.collect::<Result<Vec<YearFile>, _>>()?)
    }

    /// Checks already-parsed year files (e.g. read with `serde_json`) and combines them.
    pub fn from_files(
        files: impl IntoIterator<Item = YearFile>,
    ) -> Result<Calendar, CalendarError> {
        let mut calendar = Calendar::default();
        for file in files {
            if calendar.years.insert(file.year, file.provisional).is_some() {
                return Err(CalendarError::DuplicateYear(file.year));
            }
            for (groups, workday) in [(&file.holidays, false), (&file.workdays, true)] {
                for group in groups {
                    calendar.add_group(file.year, group, workday)?;
                }
            }
        }
        Ok(calendar)
    }

    fn add_group(
        &mut self,
        year: i32,
        group: &DayGroup,
        workday: bool,
    ) -> Result<(), CalendarError> {
        let name = || group.name.clone();
        for text in &group.days {
            let date: Date = text.parse().map_err(|_| CalendarError::BadDate {
                year,
                name: name(),
                text: text.clone(),
            })?;
            if date.year() != year {
                return Err(CalendarError::OutsideYear {
                    year,
                    name: name(),
                    date,
                });
            }
            if workday && !date.weekday().is_weekend() {
                return Err(CalendarError::WorkdayNotWeekend { name: name(), date });
            }
            match self.special.insert(date, (workday, name())) {
                Some((was, _)) if was != workday => {
                    return Err(CalendarError::HolidayAndWorkday(date));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether some file covers `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Whether `year`'s file is marked provisional (derived, not yet the official notice).
    pub fn is_provisional(&self, year: i32) -> bool {
        self.years.get(&year).copied().unwrap_or(false)
    }

    /// The holiday or make-up group naming this date, e.g. `国庆节` or `春节调休`; `None` for an ordinary day.
    pub fn day_name(&self, date: Date) -> Option<&str> {
        self.special.get(&date).map(|(_, name)| name.as_str())
    }

    /// Whether government offices work on `date`.
    pub fn is_working_day(&self, date: Date) -> bool {
        match self.special.get(&date) {
            Some((workday, _)) => *workday,
            None => !date.weekday().is_weekend(),
        }
    }

    /// The first working day on or after `date`.
    pub fn working_day_on_or_after(&self, date: Date) -> Date {
        // Terminates: the files list finitely many days off, and beyond them every Monday works.
        (0..)
            .map(|n| date.add_days(n))
            .find(|d| self.is_working_day(*d))
            .unwrap_or(date)
    }

    /// The deadline `n` working days after `date`: 1 working day after a Friday is the next Monday (or later across
    /// a holiday). `date` itself never counts, whatever it is; `n = 0` gives `date`.
    pub fn add_working_days(&self, date: Date, n: u32) -> Date {
        (0..n).fold(date, |d, _| self.working_day_on_or_after(d.add_days(1)))
    }

    /// The working days in `(a, b]`, so that `working_days_between(a, add_working_days(a, n)) == n`;
    /// negative when `b` is before `a`.
    pub fn working_days_between(&self, a: Date, b: Date) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        let span = b.days_since_epoch() - a.days_since_epoch();
        (1..=span)
            .filter(|n| self.is_working_day(a.add_days(*n)))
            .count() as i64
    }
}
