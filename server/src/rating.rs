//! 好差评 on human chats (ratings, 邀请评价, the 24-hour change window, 差评 follow-up) and 小申's own lighter
//! rating of its answers.

use bangban_core::protocol::{BotFeedback, ConversationStatus, ConversationView, RatingRequest};
use bangban_core::rating::{CHANGE_WITHIN_MS, MAX_COMMENT_CHARS};

use crate::auth::Caller;
use crate::chat::{changed, system_message, visible};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{AgentRecord, NewRating};

/// The citizen rates a chat that ended or whose agent invited a rating (邀请评价). Rating again within 24
/// hours replaces the rating. A real-name 差评 opens a follow-up case for the department.
pub async fn rate(
    state: &AppState,
    visitor_id: i64,
    id: &str,
    req: RatingRequest,
) -> Result<ConversationView, ApiError> {
    let conv = visible(state, &Caller::Visitor(visitor_id), id).await?;
    if conv.view.status != ConversationStatus::Closed && conv.view.rating_invited_ms.is_none() {
        return Err(ApiError::conflict("not_closed", "会话结束后才能评价"));
    }
    let now = state.clock.now_ms();
    if conv
        .rating_first_ms
        .is_some_and(|first| now - first > CHANGE_WITHIN_MS)
    {
        return Err(ApiError::conflict(
            "rating_locked",
            "评价提交已超过 24 小时，不能再修改",
        ));
    }
    let rating = checked_rating(req, now)?;
    let bad_real_name = rating.level.is_bad() && rating.contact.is_some();
    let rated = state
        .store
        .rate(id, &rating)
        .await?
        .ok_or(ApiError::NotFound)?;
    changed(state, &rated);
    if bad_real_name {
        crate::followup::open_case(state, &rated).await?;
    }
    Ok(rated.view)
}

fn checked_rating(req: RatingRequest, now_ms: i64) -> Result<NewRating, ApiError> {
    let trimmed = |v: Option<String>| v.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    let comment = trimmed(req.comment);
    if comment
        .as_ref()
        .is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS)
    {
        return Err(ApiError::invalid(
            "comment_too_long",
            &format!("评价内容最多 {MAX_COMMENT_CHARS} 字"),
        ));
    }
    let contact = trimmed(req.contact);
    if contact.as_ref().is_some_and(|c| c.chars().count() > 50) {
        return Err(ApiError::invalid("bad_contact", "联系方式过长"));
    }
    if req.level.is_bad() && req.reason.is_none() {
        return Err(ApiError::invalid("reason_required", "请选择不满意的原因"));
    }
    Ok(NewRating {
        level: req.level,
        solved: req.solved,
        comment,
        reason: req.reason.filter(|_| req.level.is_bad()),
        contact,
        now_ms,
    })
}

/// 小申's lighter rating: 已解决 / 未解决 on one answer, kept apart from human chats' ratings.
pub async fn bot_feedback(
    state: &AppState,
    visitor_id: i64,
    feedback: BotFeedback,
) -> Result<(), ApiError> {
    let q = feedback.question.trim().chars().count();
    if q == 0 || q > 500 || feedback.entry.is_empty() || feedback.entry.len() > 64 {
        return Err(ApiError::invalid("bad_feedback", "反馈内容格式错误"));
    }
    let now = state.clock.now_ms();
    state
        .store
        .record_bot_feedback(&feedback, visitor_id, now)
        .await?;
    Ok(())
}

/// 邀请评价: the agent of the chat asks the citizen to rate now.
pub async fn invite_rating(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
) -> Result<ConversationView, ApiError> {
    let conv = visible(state, &Caller::Agent(agent.clone()), id).await?;
    if conv.agent_id != Some(agent.id) {
        return Err(ApiError::conflict("not_assigned", "请先接入该会话"));
    }
    system_message(
        state,
        &conv,
        "invite-rating",
        "客服邀请您对本次服务进行评价",
    )
    .await?;
    let invited = state
        .store
        .invite_rating(id, state.clock.now_ms())
        .await?
        .ok_or(ApiError::NotFound)?;
    changed(state, &invited);
    Ok(invited.view)
}
