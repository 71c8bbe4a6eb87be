//! 好差评: the national five-level rating scale.

use serde::{Deserialize, Serialize};

/// Largest rating comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// Why a citizen rated 不满意 or 非常不满意 (a fixed list, required for those two levels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BadReason {
    /// 办事效率.
    Efficiency,
    /// 服务态度.
    Attitude,
    /// 业务水平.
    Competence,
    /// 平台操作.
    Platform,
    /// 其他.
    Other,
}

impl BadReason {
    /// All reasons, in the order the widget shows them.
    pub const ALL: [BadReason; 5] = [
        BadReason::Efficiency,
        BadReason::Attitude,
        BadReason::Competence,
        BadReason::Platform,
        BadReason::Other,
    ];

    /// The Chinese words.
    pub fn label(self) -> &'static str {
        match self {
            BadReason::Efficiency => "办事效率",
            BadReason::Attitude => "服务态度",
            BadReason::Competence => "业务水平",
            BadReason::Platform => "平台操作",
            BadReason::Other => "其他",
        }
    }
}

/// A rating can be changed for this long after it was first given.
pub const CHANGE_WITHIN_MS: i64 = 24 * 60 * 60 * 1000;

/// The five levels of 好差评, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// 非常满意 (5).
    VerySatisfied,
    /// 满意 (4).
    Satisfied,
    /// 基本满意 (3).
    Basic,
    /// 不满意 (2): a 差评.
    Dissatisfied,
    /// 非常不满意 (1): a 差评.
    VeryDissatisfied,
}

impl Rating {
    /// All levels, best first, in the order the widget shows them.
    pub const ALL: [Rating; 5] = [
        Rating::VerySatisfied,
        Rating::Satisfied,
        Rating::Basic,
        Rating::Dissatisfied,
        Rating::VeryDissatisfied,
    ];

    /// The Chinese word of the scale.
    pub fn label(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "非常满意",
            Rating::Satisfied => "满意",
            Rating::Basic => "基本满意",
            Rating::Dissatisfied => "不满意",
            Rating::VeryDissatisfied => "非常不满意",
        }
    }

    /// Stars, 5 (best) to 1.
    pub fn stars(self) -> u8 {
        match self {
            Rating::VerySatisfied => 5,
            Rating::Satisfied => 4,
            Rating::Basic => 3,
            Rating::Dissatisfied => 2,
            Rating::VeryDissatisfied => 1,
        }
    }

    /// The level with this many stars.
    pub fn from_stars(stars: u8) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.stars() == stars)
    }

    /// 不满意 and 非常不满意 are 差评 and start a follow-up.
    pub fn is_bad(self) -> bool {
        self.stars() <= 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_levels_with_the_national_words() {
        let words: Vec<_> = Rating::ALL.iter().map(|r| r.label()).collect();
        assert_eq!(
            words,
            ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
        );
    }

    #[test]
    fn only_the_two_lowest_are_bad() {
        let bad: Vec<_> = Rating::ALL.into_iter().filter(|r| r.is_bad()).collect();
        assert_eq!(bad, [Rating::Dissatisfied, Rating::VeryDissatisfied]);
    }

    #[test]
    fn stars_round_trip() {
        for r in Rating::ALL {
            assert_eq!(Rating::from_stars(r.stars()), Some(r));
        }
        assert_eq!(Rating::from_stars(0), None);
        assert_eq!(Rating::from_stars(6), None);
    }
}
