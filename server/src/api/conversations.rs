//! Human chats, for both sides.

use axum::extract::{Path, Query, State};
use bangban_core::protocol::{
    BotFeedback, ChatMessage, ConversationView, HandoffRequest, RatingRequest, SendAck,
    SendRequest, TransferRequest,
};
use serde::Deserialize;

use crate::auth::{Agent, Caller, Visitor};
use crate::chat;
use crate::error::{ApiResult, Json};
use crate::state::AppState;
use crate::ws::SYNC_PAGE;

/// `POST /api/conversations`: 转人工.
pub async fn create(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Json(req): Json<HandoffRequest>,
) -> ApiResult<ConversationView> {
    Ok(Json(chat::handoff(&state, visitor, req).await?))
}

/// `GET /api/conversations/current`: the citizen's open or unrated chat, for restoring after a reload.
pub async fn current(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
) -> ApiResult<Option<ConversationView>> {
    let current = state.store.current_conversation(visitor).await?;
    Ok(Json(current.map(|c| c.view)))
}

/// `GET /api/conversations/{id}`.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<ConversationView> {
    Ok(Json(chat::visible(&state, &caller, &id).await?.view))
}

/// `?after=N`: the last `seq` the client has.
#[derive(Debug, Deserialize)]
pub struct After {
    #[serde(default)]
    after: u64,
}

/// `GET /api/conversations/{id}/messages?after=N`.
pub async fn messages(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(After { after }): Query<After>,
) -> ApiResult<Vec<ChatMessage>> {
    chat::visible(&state, &caller, &id).await?;
    Ok(Json(
        state.store.messages_after(&id, after, SYNC_PAGE).await?,
    ))
}

/// `POST /api/conversations/{id}/messages`: the same as the socket's `send`.
pub async fn send(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<SendRequest>,
) -> ApiResult<SendAck> {
    Ok(Json(
        chat::send(&state, &caller, &id, &req.client_id, &req.text).await?,
    ))
}

/// `POST /api/conversations/{id}/accept`: 接入.
pub async fn accept(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
) -> ApiResult<ConversationView> {
    Ok(Json(chat::accept(&state, &agent, &id).await?))
}

/// `POST /api/conversations/{id}/close`: 结束会话.
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<ConversationView> {
    Ok(Json(chat::close(&state, &caller, &id).await?))
}

/// `POST /api/conversations/{id}/rating`: 好差评.
pub async fn rate(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Path(id): Path<String>,
    Json(req): Json<RatingRequest>,
) -> ApiResult<ConversationView> {
    Ok(Json(crate::rating::rate(&state, visitor, &id, req).await?))
}

/// `POST /api/conversations/{id}/transfer`: 转业务客服 or 转派12345.
pub async fn transfer(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
    Json(req): Json<TransferRequest>,
) -> ApiResult<ConversationView> {
    Ok(Json(
        crate::transfer::transfer(&state, &agent, &id, req).await?,
    ))
}

/// `GET /api/conversations/{id}/history`: the same citizen's other chats, for the agent.
pub async fn history(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
) -> ApiResult<Vec<ConversationView>> {
    let conv = chat::visible(&state, &Caller::Agent(agent), &id).await?;
    let others = state.store.visitor_history(conv.visitor_id, &id).await?;
    Ok(Json(others.into_iter().map(|c| c.view).collect()))
}

/// `POST /api/conversations/{id}/invite-rating`: 邀请评价.
pub async fn invite_rating(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
) -> ApiResult<ConversationView> {
    Ok(Json(
        crate::rating::invite_rating(&state, &agent, &id).await?,
    ))
}

/// `POST /api/bot-feedback`: 已解决 / 未解决 on a 小申 answer.
pub async fn bot_feedback(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Json(feedback): Json<BotFeedback>,
) -> Result<axum::http::StatusCode, crate::error::ApiError> {
    crate::rating::bot_feedback(&state, visitor, feedback).await?;
    Ok(axum::http::StatusCode::ACCEPTED)
}
