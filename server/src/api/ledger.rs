//! The problem ledger (问题台账) and its monthly report.

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use bangban_core::ledger::{CloseLedgerItem, LedgerItem, MonthlyRow, NewLedgerItem};
use serde::Deserialize;

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json};
use crate::ledger;
use crate::state::AppState;

/// `GET /api/ledger`.
pub async fn list(State(state): State<AppState>, Agent(me): Agent) -> ApiResult<Vec<LedgerItem>> {
    Ok(Json(ledger::list(&state, &me).await?))
}

/// `POST /api/ledger`.
pub async fn add(
    State(state): State<AppState>,
    Agent(me): Agent,
    Json(req): Json<NewLedgerItem>,
) -> ApiResult<LedgerItem> {
    Ok(Json(ledger::add(&state, &me, req).await?))
}

/// `POST /api/ledger/{id}/close`: 挂账销号.
pub async fn close(
    State(state): State<AppState>,
    Agent(me): Agent,
    Path(id): Path<String>,
    Json(req): Json<CloseLedgerItem>,
) -> ApiResult<LedgerItem> {
    Ok(Json(ledger::close(&state, &me, &id, req).await?))
}

/// `?month=YYYY-MM`.
#[derive(Debug, Deserialize)]
pub struct Month {
    month: String,
}

/// `GET /api/ledger/monthly?month=`: supervisors.
pub async fn monthly(
    State(state): State<AppState>,
    Agent(me): Agent,
    Query(Month { month }): Query<Month>,
) -> ApiResult<Vec<MonthlyRow>> {
    require_overseer(&me)?;
    Ok(Json(ledger::monthly(&state, &month).await?))
}

/// `GET /api/ledger/monthly/export?month=`: the report as CSV.
pub async fn monthly_export(
    State(state): State<AppState>,
    Agent(me): Agent,
    Query(Month { month }): Query<Month>,
) -> Result<Response, ApiError> {
    require_overseer(&me)?;
    let rows = ledger::monthly(&state, &month).await?;
    Ok(csv_response(
        ledger::monthly_csv(&rows)?,
        &format!("bangban-ledger-{month}.csv"),
    ))
}

/// `GET /api/ledger/export`: the whole ledger as CSV, contacts masked.
pub async fn export(State(state): State<AppState>, Agent(me): Agent) -> Result<Response, ApiError> {
    let items = ledger::list(&state, &me).await?;
    Ok(csv_response(
        ledger::ledger_csv(&items)?,
        "bangban-ledger.csv",
    ))
}

fn require_overseer(agent: &crate::store::AgentRecord) -> Result<(), ApiError> {
    if crate::policy::oversees(agent) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

fn csv_response(text: String, file: &str) -> Response {
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        text,
    )
        .into_response()
}
