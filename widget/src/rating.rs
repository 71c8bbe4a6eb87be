//! 好差评 of a human chat, as a plain model: the form's choices, the checks before sending, when to
//! ask again, and the rating just given (for 修改评价).
//!
//! Pure apart from the [`Rater`] handle, so the rules are tested natively; the form is `rating_view`.

use bangban_core::protocol::{ConversationStatus, ConversationView, RatingRequest};
use bangban_core::rating::{BadReason, MAX_COMMENT_CHARS, Rating};
use leptos::prelude::*;

/// A closed chat that was not rated is offered for rating again on the next open for this long.
pub(crate) const REPROMPT_WITHIN_MS: i64 = 3 * 24 * 60 * 60 * 1000;
/// Shown after a rating was accepted.
pub(crate) const RATED: &str = "感谢您的评价！";

/// What the citizen has chosen and written in the form so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Draft {
    /// 服务评价.
    pub(crate) level: Option<Rating>,
    /// 问题是否解决 (optional).
    pub(crate) solved: Option<bool>,
    /// 不满意原因 (required for a 差评).
    pub(crate) reason: Option<BadReason>,
    /// 评价内容（选填）.
    pub(crate) comment: String,
    /// 联系电话（选填，便于回访）.
    pub(crate) contact: String,
}

impl Draft {
    /// The form filled in again with a rating given before (修改评价).
    pub(crate) fn from_request(r: &RatingRequest) -> Draft {
        Draft {
            level: Some(r.level),
            solved: r.solved,
            reason: r.reason,
            comment: r.comment.clone().unwrap_or_default(),
            contact: r.contact.clone().unwrap_or_default(),
        }
    }

    /// The request to send, or the Chinese reason it cannot be sent yet.
    pub(crate) fn request(&self) -> Result<RatingRequest, String> {
        let level = self.level.ok_or("请选择评价等级")?;
        let reason = if level.is_bad() {
            Some(self.reason.ok_or("请选择不满意的原因")?)
        } else {
            None
        };
        if comment_chars(&self.comment) > MAX_COMMENT_CHARS {
            return Err(format!("评价内容最多 {MAX_COMMENT_CHARS} 字"));
        }
        let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Ok(RatingRequest {
            level,
            solved: self.solved,
            comment: optional(&self.comment),
            reason,
            contact: optional(&self.contact),
        })
    }
}

/// Characters of a comment, as the server counts them.
pub(crate) fn comment_chars(comment: &str) -> usize {
    comment.chars().count()
}

/// Whether `view` asks for the citizen's rating: ended, or the agent invited one (邀请评价), and not
/// rated yet.
pub(crate) fn wants_rating(view: &ConversationView) -> bool {
    view.rating.is_none()
        && (view.status == ConversationStatus::Closed || view.rating_invited_ms.is_some())
}

/// Whether a chat found on open (`GET /api/conversations/current`) is shown again: open ones always,
/// closed ones only within [`REPROMPT_WITHIN_MS`] of their end, by the server's clock `server_now_ms`.
pub(crate) fn worth_restoring(view: &ConversationView, server_now_ms: i64) -> bool {
    match (view.status, view.closed_ms) {
        (ConversationStatus::Closed, Some(closed)) => server_now_ms - closed < REPROMPT_WITHIN_MS,
        _ => true,
    }
}

/// The rating just given, for 修改评价 (the server allows changes for 24 hours).
#[derive(Clone, Copy)]
pub(crate) struct Rater {
    /// The chat rated and what was sent.
    pub(crate) given: RwSignal<Option<(String, RatingRequest)>>,
    /// 修改评价 has reopened the form.
    pub(crate) editing: RwSignal<bool>,
}

impl Rater {
    /// Nothing rated yet.
    pub(crate) fn new() -> Rater {
        Rater {
            given: RwSignal::new(None),
            editing: RwSignal::new(false),
        }
    }

    /// A new chat begins: the last rating can no longer be changed from here.
    pub(crate) fn forget(self) {
        self.given.set(None);
        self.editing.set(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bangban_core::protocol::RatingView;

    #[test]
    fn a_level_is_required() {
        assert_eq!(Draft::default().request().unwrap_err(), "请选择评价等级");
    }

    #[test]
    fn a_bad_rating_needs_a_reason() {
        let mut d = Draft {
            level: Some(Rating::Dissatisfied),
            ..Draft::default()
        };
        assert_eq!(d.request().unwrap_err(), "请选择不满意的原因");
        d.reason = Some(BadReason::Attitude);
        assert_eq!(d.request().unwrap().reason, Some(BadReason::Attitude));
    }

    #[test]
    fn a_good_rating_drops_a_stale_reason_and_blank_texts() {
        let d = Draft {
            level: Some(Rating::Satisfied),
            reason: Some(BadReason::Other),
            solved: Some(true),
            comment: "  ".into(),
            contact: " 13800000000 ".into(),
        };
        let r = d.request().unwrap();
        assert_eq!(r.reason, None);
        assert_eq!(r.comment, None);
        assert_eq!(r.solved, Some(true));
        assert_eq!(r.contact.as_deref(), Some("13800000000"));
        assert_eq!(Draft::from_request(&r).level, Some(Rating::Satisfied));
    }

    #[test]
    fn comments_are_counted_in_characters() {
        let mut d = Draft {
            level: Some(Rating::Basic),
            comment: "好".repeat(MAX_COMMENT_CHARS),
            ..Draft::default()
        };
        assert_eq!(comment_chars(&d.comment), 500);
        assert!(d.request().is_ok());
        d.comment.push('好');
        assert_eq!(d.request().unwrap_err(), "评价内容最多 500 字");
    }

    fn closed(closed_ms: i64) -> ConversationView {
        ConversationView {
            status: ConversationStatus::Closed,
            closed_ms: Some(closed_ms),
            ..ConversationView::default()
        }
    }

    #[test]
    fn closed_chats_are_offered_again_for_three_days() {
        let day = 24 * 60 * 60 * 1000;
        assert!(worth_restoring(&closed(0), 2 * day));
        assert!(worth_restoring(&closed(0), -day));
        assert!(!worth_restoring(&closed(0), 3 * day));
        assert!(worth_restoring(&ConversationView::default(), 9 * day));
    }

    #[test]
    fn ended_or_invited_unrated_chats_want_a_rating() {
        let mut v = ConversationView::default();
        assert!(!wants_rating(&v));
        v.rating_invited_ms = Some(1);
        assert!(wants_rating(&v));
        v.rating = Some(RatingView {
            level: Rating::Satisfied,
            solved: None,
            comment: None,
            at_ms: 2,
            reason: None,
            real_name: false,
        });
        assert!(!wants_rating(&v));
        assert!(wants_rating(&closed(5)));
    }
}
