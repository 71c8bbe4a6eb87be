//! Service status for the widget; canned replies and knowledge-base search for agents.

use axum::extract::{Query, State};
use bangban_core::protocol::ServiceStatus;
use serde::{Deserialize, Serialize};

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json};
use crate::service;
use crate::state::AppState;

/// `?item=`: the page's service item.
#[derive(Debug, Deserialize)]
pub struct ItemQuery {
    item: Option<String>,
}

/// `GET /api/service-status?item=`: whether 转人工 is open now, and what to say when not.
pub async fn status(
    State(state): State<AppState>,
    Query(ItemQuery { item }): Query<ItemQuery>,
) -> ApiResult<ServiceStatus> {
    let item = item.as_deref().map(str::trim).filter(|i| !i.is_empty());
    Ok(Json(service::status(&state, item).await?))
}

/// `GET /api/canned`: canned replies.
pub async fn canned(State(state): State<AppState>, _agent: Agent) -> ApiResult<Vec<String>> {
    Ok(Json(state.canned.as_ref().clone()))
}

/// `?q=&item=`.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    q: String,
    item: Option<String>,
}

/// One knowledge-base hit for the agent's side panel.
#[derive(Debug, Serialize)]
pub struct KbHit {
    /// Entry id.
    pub id: String,
    /// Its question.
    pub question: String,
    /// Its answer, to insert into a reply.
    pub answer: String,
    /// Whether 小申 would give it as the answer.
    pub confident: bool,
}

/// Most hits returned.
pub const MAX_HITS: usize = 8;

/// `GET /api/kb/search?q=&item=`: the `core` matcher, for agents.
pub async fn search(
    State(state): State<AppState>,
    _agent: Agent,
    Query(SearchQuery { q, item }): Query<SearchQuery>,
) -> ApiResult<Vec<KbHit>> {
    if q.chars().count() > 200 {
        return Err(ApiError::invalid("query_too_long", "搜索内容过长"));
    }
    let snap = state.kb.current();
    let item = item.as_deref().filter(|i| !i.is_empty());
    let answer = snap.matcher.decide(&q, item);
    let hits = snap
        .matcher
        .rank(&q, item)
        .into_iter()
        .take(MAX_HITS)
        .map(|scored| {
            let e = &snap.snapshot.entries[scored.entry];
            KbHit {
                id: e.id.clone(),
                question: e.question.clone(),
                answer: e.answer.clone(),
                confident: answer.answer() == Some(e.id.as_str()),
            }
        })
        .collect();
    Ok(Json(hits))
}
