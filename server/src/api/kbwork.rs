//! Knowledge-base maintenance endpoints: entries, unanswered questions, drafts.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use bangban_core::kb::KbEntry;
use bangban_core::kbwork::{
    ApproveRequest, DraftRequest, DraftView, ResolveRequest, UnansweredGroup, UnansweredReport,
};
use serde::{Deserialize, Serialize};

use crate::auth::{Agent, Visitor};
use crate::error::{ApiError, ApiResult, Json};
use crate::kbwork::{self, require_maintainer};
use crate::state::AppState;

/// An entry as maintainers see it.
#[derive(Debug, Serialize)]
pub struct EntryView {
    /// The entry.
    #[serde(flatten)]
    pub entry: KbEntry,
    /// Retired entries are not published.
    pub retired: bool,
}

/// `?q=`.
#[derive(Debug, Deserialize)]
pub struct EntryQuery {
    #[serde(default)]
    q: String,
}

/// `GET /api/kb/entries?q=`: every entry (retired too) whose texts contain `q`.
pub async fn entries(
    State(state): State<AppState>,
    Agent(me): Agent,
    Query(EntryQuery { q }): Query<EntryQuery>,
) -> ApiResult<Vec<EntryView>> {
    require_maintainer(&me)?;
    let found = kbwork::search(&state, &q).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|(entry, retired)| EntryView { entry, retired })
            .collect(),
    ))
}

/// `POST /api/kb/entries`: add (empty id: the next free one) or edit an entry; publishes it.
pub async fn save(
    State(state): State<AppState>,
    Agent(me): Agent,
    Json(entry): Json<KbEntry>,
) -> ApiResult<KbEntry> {
    require_maintainer(&me)?;
    Ok(Json(kbwork::save_entry(&state, entry).await?))
}

/// `POST /api/kb/entries/{id}/retire`.
pub async fn retire(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    require_maintainer(&me)?;
    kbwork::retire(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/unanswered` (citizen).
pub async fn report(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Json(report): Json<UnansweredReport>,
) -> Result<StatusCode, ApiError> {
    kbwork::record(&state, visitor, report).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `GET /api/kb/unanswered`: grouped, most asked first.
pub async fn unanswered(
    State(state): State<AppState>,
    Agent(me): Agent,
) -> ApiResult<Vec<UnansweredGroup>> {
    require_maintainer(&me)?;
    Ok(Json(kbwork::groups(&state).await?))
}

/// `POST /api/kb/unanswered/resolve`: answer a group with a new entry.
pub async fn resolve(
    State(state): State<AppState>,
    Agent(me): Agent,
    Json(req): Json<ResolveRequest>,
) -> ApiResult<KbEntry> {
    require_maintainer(&me)?;
    Ok(Json(kbwork::resolve(&state, req).await?))
}

/// `POST /api/kb/drafts` (any agent): propose a reply as an entry.
pub async fn propose(
    State(state): State<AppState>,
    Agent(me): Agent,
    Json(req): Json<DraftRequest>,
) -> Result<(StatusCode, Json<DraftView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(kbwork::propose(&state, &me, req).await?),
    ))
}

/// `GET /api/kb/drafts`.
pub async fn drafts(State(state): State<AppState>, Agent(me): Agent) -> ApiResult<Vec<DraftView>> {
    require_maintainer(&me)?;
    Ok(Json(state.store.drafts().await?))
}

/// `POST /api/kb/drafts/{id}/approve`.
pub async fn approve(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
    Json(req): Json<ApproveRequest>,
) -> ApiResult<DraftView> {
    Ok(Json(kbwork::approve(&state, &me, &id, req).await?))
}

/// `POST /api/kb/drafts/{id}/reject`.
pub async fn reject(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
) -> ApiResult<DraftView> {
    Ok(Json(kbwork::reject(&state, &me, &id).await?))
}
