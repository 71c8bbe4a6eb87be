//! The supervisor dashboard and its CSV exports.

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use bangban_core::calendar::Date;
use bangban_core::standards::StatsReport;
use serde::Deserialize;

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json};
use crate::policy;
use crate::state::AppState;
use crate::stats;

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both included); `by=` for CSV.
#[derive(Debug, Deserialize)]
pub struct Range {
    from: String,
    to: String,
    #[serde(default)]
    by: Option<String>,
}

fn parse_range(range: &Range) -> Result<(Date, Date), ApiError> {
    let parse = |s: &str| {
        s.parse::<Date>()
            .map_err(|_| ApiError::invalid("bad_date", &format!("日期「{s}」应为 YYYY-MM-DD")))
    };
    Ok((parse(&range.from)?, parse(&range.to)?))
}

/// `GET /api/stats`: supervisors and administrators.
pub async fn report(
    State(state): State<AppState>,
    Agent(me): Agent,
    Query(range): Query<Range>,
) -> ApiResult<StatsReport> {
    if !policy::oversees(&me) {
        return Err(ApiError::Forbidden);
    }
    let (from, to) = parse_range(&range)?;
    Ok(Json(stats::report(&state, from, to).await?))
}

/// `GET /api/stats/export?from=&to=&by=department|item|agent|daily`: one table as CSV.
pub async fn export(
    State(state): State<AppState>,
    Agent(me): Agent,
    Query(range): Query<Range>,
) -> Result<Response, ApiError> {
    if !policy::oversees(&me) {
        return Err(ApiError::Forbidden);
    }
    let (from, to) = parse_range(&range)?;
    let report = stats::report(&state, from, to).await?;
    let by = range.by.as_deref().unwrap_or("department");
    let (rows, key) = match by {
        "department" => (&report.departments, "部门"),
        "item" => (&report.items, "事项"),
        "agent" => (&report.agents, "客服"),
        "daily" => (&report.daily, "日期"),
        _ => {
            return Err(ApiError::invalid(
                "bad_table",
                "by 应为 department、item、agent 或 daily",
            ));
        }
    };
    let text = stats::csv(rows, key)?;
    let name = format!(
        "attachment; filename=\"bangban-{by}-{}-{}.csv\"",
        report.from, report.to
    );
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, name),
        ],
        text,
    )
        .into_response())
}
