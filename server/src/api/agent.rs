//! The signed-in agent: who they are, duty, queue and chats.

use axum::extract::State;
use bangban_core::protocol::{ConversationView, DutyRequest, Me, QueueEntry};

use crate::api::auth::me;
use crate::auth::Agent;
use crate::chat;
use crate::error::{ApiError, ApiResult, Json};
use crate::state::AppState;

/// The header of `GET /api/me` that carries the server's clock (Unix milliseconds): the console counts the
/// one-minute answer time on it. The `Date` header is the system clock, which a demo or test server shifts away
/// from (`BANGBAN_DEMO_NOW`).
pub const SERVER_NOW_HEADER: &str = "x-bangban-now";

/// `GET /api/me`, with the server's clock in [`SERVER_NOW_HEADER`].
pub async fn get_me(
    State(state): State<AppState>,
    Agent(agent): Agent,
) -> ([(&'static str, String); 1], Json<Me>) {
    let now = state.clock.now_ms().to_string();
    ([(SERVER_NOW_HEADER, now)], Json(me(&agent)))
}

/// `POST /api/agent/duty`: 签入 / 签出.
pub async fn set_duty(
    State(state): State<AppState>,
    Agent(mut agent): Agent,
    Json(req): Json<DutyRequest>,
) -> ApiResult<Me> {
    if !agent.role.answers_chats() {
        return Err(ApiError::Forbidden);
    }
    state.store.set_on_duty(agent.id, req.on_duty).await?;
    agent.on_duty = req.on_duty;
    tracing::info!(agent = agent.id, on_duty = req.on_duty, "duty");
    if req.on_duty {
        chat::auto_assign(&state).await?;
    }
    Ok(Json(me(&agent)))
}

/// `GET /api/queue`: the waiting chats this agent may take.
pub async fn queue(
    State(state): State<AppState>,
    Agent(agent): Agent,
) -> ApiResult<Vec<QueueEntry>> {
    Ok(Json(chat::queue_for(&state, &agent).await?))
}

/// `GET /api/agent/conversations`: the agent's chats, open ones first.
pub async fn conversations(
    State(state): State<AppState>,
    Agent(agent): Agent,
) -> ApiResult<Vec<ConversationView>> {
    let convs = state.store.agent_conversations(agent.id).await?;
    Ok(Json(convs.into_iter().map(|c| c.view).collect()))
}
