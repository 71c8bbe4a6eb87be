//! Tickets: 留言 from citizens, answers from staff.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use bangban_core::ticket::{LeaveMessageRequest, TicketAnswerRequest, TicketView};

use crate::auth::{Agent, Visitor};
use crate::error::{ApiError, ApiResult, Json};
use crate::state::AppState;
use crate::tickets;

/// `POST /api/tickets`: 留言.
pub async fn create(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Json(req): Json<LeaveMessageRequest>,
) -> Result<(StatusCode, Json<TicketView>), ApiError> {
    let ticket = tickets::leave_message(&state, visitor, req).await?;
    Ok((StatusCode::CREATED, Json(ticket)))
}

/// `GET /api/tickets/mine`: the citizen's tickets with their answers.
pub async fn mine(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
) -> ApiResult<Vec<TicketView>> {
    Ok(Json(tickets::mine(&state, visitor).await?))
}

/// `GET /api/tickets`: the tickets this agent handles.
pub async fn list(
    State(state): State<AppState>,
    Agent(agent): Agent,
) -> ApiResult<Vec<TicketView>> {
    Ok(Json(tickets::for_staff(&state, &agent).await?))
}

/// `POST /api/tickets/{id}/answer`.
pub async fn answer(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
    Json(req): Json<TicketAnswerRequest>,
) -> ApiResult<TicketView> {
    Ok(Json(tickets::answer(&state, &agent, &id, req).await?))
}
