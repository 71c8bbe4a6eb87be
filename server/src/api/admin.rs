//! Administration endpoints: agents and the item registry.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use bangban_core::protocol::{AgentRequest, AgentSummary, PasswordIssued, ServiceItem};

use crate::admin;
use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json};
use crate::state::AppState;

/// `GET /api/agents`: every agent with status and load (supervisors, administrators).
pub async fn agents(
    State(state): State<AppState>,
    Agent(me): Agent,
) -> ApiResult<Vec<AgentSummary>> {
    Ok(Json(admin::agents(&state, &me).await?))
}

/// `POST /api/admin/agents`: create (201 with the new password) or update (200) an account.
pub async fn save_agent(
    State(state): State<AppState>,
    Agent(me): Agent,
    Json(req): Json<AgentRequest>,
) -> Result<(StatusCode, Json<Option<PasswordIssued>>), ApiError> {
    let issued = admin::save_agent(&state, &me, req).await?;
    let status = if issued.is_some() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(issued)))
}

/// `POST /api/admin/agents/{username}/disable`.
pub async fn disable(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(username): Path<String>,
) -> Result<StatusCode, ApiError> {
    admin::set_disabled(&state, &me, &username, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/admin/agents/{username}/enable`.
pub async fn enable(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(username): Path<String>,
) -> Result<StatusCode, ApiError> {
    admin::set_disabled(&state, &me, &username, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/admin/agents/{username}/reset-password`: a new password, shown once.
pub async fn reset_password(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(username): Path<String>,
) -> ApiResult<PasswordIssued> {
    Ok(Json(admin::reset_password(&state, &me, &username).await?))
}

/// `GET /api/items`: the registry (any signed-in agent).
pub async fn items(State(state): State<AppState>, _me: Agent) -> ApiResult<Vec<ServiceItem>> {
    Ok(Json(state.store.items().await?))
}

/// `PUT /api/admin/items`: replaces the registry.
pub async fn save_items(
    State(state): State<AppState>,
    Agent(me): Agent,
    Json(rows): Json<Vec<ServiceItem>>,
) -> ApiResult<Vec<ServiceItem>> {
    Ok(Json(admin::save_items(&state, &me, rows).await?))
}
