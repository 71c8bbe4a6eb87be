//! The service standards of the seeds, and the figures that measure them (supervisor dashboard).
//!
//! | standard | target |
//! |---|---|
//! | first human response within 60 s | every chat (shown as the share answered within 60 s) |
//! | human help resolution rate ("问题是否解决") | at least 90% |
//! | chats pushed to 12345 | at most 10% |
//! | 小申 resolution rate | at least 50% |
//! | 差评 followed up on time | every case |
//! | unanswered questions answered within 5 working days | every question |

use serde::{Deserialize, Serialize};

use crate::rating::Rating;

/// Human help resolution rate target.
pub const RESOLUTION_TARGET: f64 = 0.90;
/// Highest share of chats pushed to 12345.
pub const HOTLINE_CEILING: f64 = 0.10;
/// 小申 resolution rate target.
pub const BOT_TARGET: f64 = 0.50;
/// The first response standard, in milliseconds.
pub const FIRST_RESPONSE_MS: i64 = 60_000;

/// One human chat, as the figures need it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChatFact {
    /// Milliseconds from 转人工 to the first agent reply, if any.
    pub first_response_ms: Option<i64>,
    /// The rating, if given.
    pub rating: Option<Rating>,
    /// "问题是否解决", if answered.
    pub solved: Option<bool>,
    /// Pushed to 12345.
    pub pushed_12345: bool,
}

/// Counts and measures for one group of chats (a department, an item, an agent, a day, or all).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Human chats.
    pub chats: u64,
    /// Of those, first answered within 60 s.
    pub answered_within_60s: u64,
    /// Median first response (ms) of the answered chats.
    pub first_response_median_ms: Option<i64>,
    /// 90th percentile first response (ms).
    pub first_response_p90_ms: Option<i64>,
    /// Chats whose citizen answered "问题是否解决".
    pub solved_answered: u64,
    /// Of those, solved.
    pub solved_yes: u64,
    /// Chats pushed to 12345.
    pub pushed_12345: u64,
    /// Ratings per level, 非常满意 first.
    pub ratings: [u64; 5],
    /// 小申 answers rated 已解决.
    pub bot_solved: u64,
    /// 小申 answers rated 未解决, plus questions it could not answer.
    pub bot_unsolved: u64,
    /// 差评 follow-up cases.
    pub cases: u64,
    /// Of those, every deadline so far met.
    pub cases_on_time: u64,
    /// Unanswered questions whose 5-working-day deadline has come (or that were answered).
    pub unanswered_due: u64,
    /// Of those, answered in time.
    pub unanswered_in_time: u64,
}

impl Figures {
    /// Adds the chats' facts.
    pub fn add_chats<'a>(&mut self, chats: impl IntoIterator<Item = &'a ChatFact>) {
        let mut times = Vec::new();
        for c in chats {
            self.chats += 1;
            if let Some(ms) = c.first_response_ms {
                times.push(ms);
                if ms <= FIRST_RESPONSE_MS {
                    self.answered_within_60s += 1;
                }
            }
            if let Some(solved) = c.solved {
                self.solved_answered += 1;
                self.solved_yes += u64::from(solved);
            }
            self.pushed_12345 += u64::from(c.pushed_12345);
            if let Some(level) = c.rating {
                let index = Rating::ALL.iter().position(|r| *r == level).unwrap_or(4);
                self.ratings[index] += 1;
            }
        }
        times.sort_unstable();
        self.first_response_median_ms = percentile(&times, 50);
        self.first_response_p90_ms = percentile(&times, 90);
    }

    /// Share of chats first answered within 60 s.
    pub fn within_60s_share(&self) -> Option<f64> {
        share(self.answered_within_60s, self.chats)
    }

    /// Human help resolution rate.
    pub fn resolution_rate(&self) -> Option<f64> {
        share(self.solved_yes, self.solved_answered)
    }

    /// Share of chats pushed to 12345.
    pub fn hotline_share(&self) -> Option<f64> {
        share(self.pushed_12345, self.chats)
    }

    /// 小申 resolution rate.
    pub fn bot_rate(&self) -> Option<f64> {
        share(self.bot_solved, self.bot_solved + self.bot_unsolved)
    }

    /// Share of 差评 cases followed up on time.
    pub fn cases_on_time_share(&self) -> Option<f64> {
        share(self.cases_on_time, self.cases)
    }

    /// Share of unanswered questions answered within 5 working days.
    pub fn unanswered_in_time_share(&self) -> Option<f64> {
        share(self.unanswered_in_time, self.unanswered_due)
    }

    /// Each standard: name, measured share, whether it is met (`None` when nothing was measured).
    pub fn standards(&self) -> [(&'static str, Option<f64>, Option<bool>); 6] {
        let at_least = |v: Option<f64>, t: f64| v.map(|v| v >= t);
        [
            (
                "60秒内首次响应",
                self.within_60s_share(),
                at_least(self.within_60s_share(), 1.0),
            ),
            (
                "人工解决率",
                self.resolution_rate(),
                at_least(self.resolution_rate(), RESOLUTION_TARGET),
            ),
            (
                "转12345比例",
                self.hotline_share(),
                self.hotline_share().map(|v| v <= HOTLINE_CEILING),
            ),
            (
                "小申解决率",
                self.bot_rate(),
                at_least(self.bot_rate(), BOT_TARGET),
            ),
            (
                "差评按时回访整改",
                self.cases_on_time_share(),
                at_least(self.cases_on_time_share(), 1.0),
            ),
            (
                "未答问题5个工作日内补充",
                self.unanswered_in_time_share(),
                at_least(self.unanswered_in_time_share(), 1.0),
            ),
        ]
    }
}

/// One group's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupFigures {
    /// The department, item, agent or day.
    pub key: String,
    /// Its figures.
    pub figures: Figures,
}

/// `GET /api/stats?from=&to=`: the dashboard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatsReport {
    /// First day (`YYYY-MM-DD`).
    pub from: String,
    /// Last day, included.
    pub to: String,
    /// Everything.
    pub total: Figures,
    /// Per department.
    pub departments: Vec<GroupFigures>,
    /// Per service item.
    pub items: Vec<GroupFigures>,
    /// Per agent (chats only).
    pub agents: Vec<GroupFigures>,
    /// Per day, for the trend.
    pub daily: Vec<GroupFigures>,
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(first: Option<i64>, solved: Option<bool>, pushed: bool) -> ChatFact {
        ChatFact {
            first_response_ms: first,
            rating: solved.map(|s| {
                if s {
                    Rating::Satisfied
                } else {
                    Rating::Dissatisfied
                }
            }),
            solved,
            pushed_12345: pushed,
        }
    }

    #[test]
    fn figures_count_each_standard() {
        let chats = [
            chat(Some(10_000), Some(true), false),
            chat(Some(59_000), Some(true), false),
            chat(Some(61_000), Some(false), true),
            chat(None, None, false),
        ];
        let mut f = Figures::default();
        f.add_chats(&chats);
        assert_eq!((f.chats, f.answered_within_60s), (4, 2));
        assert_eq!(f.within_60s_share(), Some(0.5));
        assert_eq!(f.first_response_median_ms, Some(59_000));
        assert_eq!(f.first_response_p90_ms, Some(61_000));
        assert_eq!(f.resolution_rate(), Some(2.0 / 3.0));
        assert_eq!(f.hotline_share(), Some(0.25));
        assert_eq!(f.ratings, [0, 2, 0, 1, 0]);
        let met: Vec<Option<bool>> = f.standards().iter().map(|s| s.2).collect();
        assert_eq!(
            met,
            [Some(false), Some(false), Some(false), None, None, None]
        );
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }
}
