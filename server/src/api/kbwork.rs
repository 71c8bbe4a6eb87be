//! Knowledge-base maintenance endpoints: entries, unanswered questions, drafts.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bangban_core::kb::KbEntry;
use bangban_core::kbwork::{
    ApproveRequest, DraftRequest, DraftView, ResolveRequest, UnansweredGroup, UnansweredReport,
};
use serde::Serialize;

use crate::auth::{Agent, Visitor};
use crate::error::{ApiError, ApiResult, Json};
use crate::kbwork::{self, EntryFilter, VERSION_HEADER, require_maintainer};
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

/// The answer with the published version in the [`VERSION_HEADER`] header.
fn versioned(state: &AppState, answer: impl IntoResponse) -> Response {
    let version = HeaderValue::from(kbwork::published_version(state));
    let name = HeaderName::from_static(VERSION_HEADER);
    ([(name, version)], answer).into_response()
}

/// `GET /api/kb/entries?q=&column=&item=`: every entry (retired too) whose texts contain `q`, of that 栏目
/// and 事项 when given; the published version in the header.
pub async fn entries(
    State(state): State<AppState>,
    Agent(me): Agent,
    Query(filter): Query<EntryFilter>,
) -> Result<Response, ApiError> {
    require_maintainer(&me)?;
    let found = kbwork::search(&state, &filter).await?;
    let views: Vec<EntryView> = found
        .into_iter()
        .map(|(entry, retired)| EntryView { entry, retired })
        .collect();
    Ok(versioned(&state, Json(views)))
}

/// `POST /api/kb/entries`: add (empty id: the next free one) or edit an entry; publishes it.
pub async fn save(
    State(state): State<AppState>,
    Agent(me): Agent,
    Json(entry): Json<KbEntry>,
) -> Result<Response, ApiError> {
    require_maintainer(&me)?;
    let saved = kbwork::save_entry(&state, entry).await?;
    Ok(versioned(&state, Json(saved)))
}

/// `POST /api/kb/entries/{id}/retire`.
pub async fn retire(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require_maintainer(&me)?;
    kbwork::retire(&state, &id).await?;
    Ok(versioned(&state, StatusCode::NO_CONTENT))
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
) -> Result<Response, ApiError> {
    require_maintainer(&me)?;
    let entry = kbwork::resolve(&state, req).await?;
    Ok(versioned(&state, Json(entry)))
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

/// `GET /api/kb/drafts`: the ones this maintainer may decide on.
pub async fn drafts(State(state): State<AppState>, Agent(me): Agent) -> ApiResult<Vec<DraftView>> {
    Ok(Json(kbwork::drafts_for(&state, &me).await?))
}

/// `POST /api/kb/drafts/{id}/approve`.
pub async fn approve(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
    Json(req): Json<ApproveRequest>,
) -> Result<Response, ApiError> {
    let draft = kbwork::approve(&state, &me, &id, req).await?;
    Ok(versioned(&state, Json(draft)))
}

/// `POST /api/kb/drafts/{id}/reject`.
pub async fn reject(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
) -> ApiResult<DraftView> {
    Ok(Json(kbwork::reject(&state, &me, &id).await?))
}
