//! Tickets: 留言 from citizens, answers from staff.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use bangban_core::ticket::{
    BanchengReply, BanchengRequest, CloseTicketRequest, DispatchRequest, LeaveMessageRequest,
    OfflineReportRequest, TicketAnswerRequest, TicketDetail, TicketView,
};

use crate::auth::{Agent, Visitor};
use crate::error::{ApiError, ApiResult, Json};
use crate::state::AppState;
use crate::{bancheng, tickets};

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

/// `POST /api/bancheng`: 办不成事 (citizen).
pub async fn bancheng(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Json(req): Json<BanchengRequest>,
) -> Result<(StatusCode, Json<TicketView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(bancheng::report(&state, visitor, req).await?),
    ))
}

/// `POST /api/tickets/offline`: a hall's 处理记录单 (staff).
pub async fn offline(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Json(req): Json<OfflineReportRequest>,
) -> Result<(StatusCode, Json<TicketDetail>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(bancheng::offline(&state, &agent, req).await?),
    ))
}

/// `GET /api/tickets/{id}`: a 办不成事 ticket with its record.
pub async fn detail(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
) -> ApiResult<TicketDetail> {
    Ok(Json(bancheng::detail(&state, &agent, &id).await?))
}

/// `POST /api/tickets/{id}/dispatch`: 派单.
pub async fn dispatch(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
    Json(req): Json<DispatchRequest>,
) -> ApiResult<TicketDetail> {
    Ok(Json(bancheng::dispatch(&state, &agent, &id, req).await?))
}

/// `POST /api/tickets/{id}/take`: the department takes it on.
pub async fn take(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
) -> ApiResult<TicketDetail> {
    Ok(Json(bancheng::take(&state, &agent, &id).await?))
}

/// `POST /api/tickets/{id}/reply`: the department's answer with its record.
pub async fn reply(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
    Json(req): Json<BanchengReply>,
) -> ApiResult<TicketDetail> {
    Ok(Json(bancheng::reply(&state, &agent, &id, req).await?))
}

/// `POST /api/tickets/{id}/close`: 销单.
pub async fn close(
    State(state): State<AppState>,
    Agent(agent): Agent,
    Path(id): Path<String>,
    Json(req): Json<CloseTicketRequest>,
) -> ApiResult<TicketDetail> {
    Ok(Json(bancheng::close(&state, &agent, &id, req).await?))
}
