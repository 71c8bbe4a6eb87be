//! 差评 follow-up cases.

use axum::extract::{Path, State};
use bangban_core::followup::{CaseView, NoteRequest, VerifyRequest};

use crate::auth::Agent;
use crate::error::{ApiResult, Json};
use crate::followup;
use crate::state::AppState;

/// `GET /api/cases`: by deadline, overdue marked.
pub async fn list(State(state): State<AppState>, Agent(me): Agent) -> ApiResult<Vec<CaseView>> {
    Ok(Json(followup::list(&state, &me).await?))
}

/// `POST /api/cases/{id}/contact`: 回访.
pub async fn contact(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
    Json(req): Json<NoteRequest>,
) -> ApiResult<CaseView> {
    Ok(Json(followup::contact(&state, &me, &id, req).await?))
}

/// `POST /api/cases/{id}/verify`.
pub async fn verify(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
    Json(req): Json<VerifyRequest>,
) -> ApiResult<CaseView> {
    Ok(Json(followup::verify(&state, &me, &id, req).await?))
}

/// `POST /api/cases/{id}/rectify`: 整改完成.
pub async fn rectify(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
    Json(req): Json<NoteRequest>,
) -> ApiResult<CaseView> {
    Ok(Json(followup::rectified(&state, &me, &id, req).await?))
}

/// `POST /api/cases/{id}/reply`.
pub async fn reply(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
    Json(req): Json<NoteRequest>,
) -> ApiResult<CaseView> {
    Ok(Json(followup::reply(&state, &me, &id, req).await?))
}
