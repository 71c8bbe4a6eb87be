//! The oversight side of the HTTP API (docs/API.md): agents and items (administrators), the dashboard, 差评
//! follow-up cases, and the chat extras (邀请评价, 存为知识).

use bangban_core::followup::{CaseView, NoteRequest, VerifyRequest};
use bangban_core::kbwork::{DraftRequest, DraftView};
use bangban_core::protocol::{
    AgentRequest, AgentSummary, ConversationView, PasswordIssued, ServiceItem,
};
use bangban_core::standards::StatsReport;
use gloo_net::http::Request;

use crate::api::{ApiResult, call, call_with, check};

/// `GET /api/agents`: every agent with 签入 state and open chats.
pub(crate) async fn agents() -> ApiResult<Vec<AgentSummary>> {
    call(Request::get("/api/agents")).await
}

/// `POST /api/admin/agents`: the one-time password for a new account, `None` for an update.
pub(crate) async fn save_agent(request: &AgentRequest) -> ApiResult<Option<PasswordIssued>> {
    call_with(Request::post("/api/admin/agents"), request).await
}

/// `POST /api/admin/agents/{username}/disable` or `/enable`.
pub(crate) async fn set_enabled(username: &str, enabled: bool) -> ApiResult<()> {
    let verb = if enabled { "enable" } else { "disable" };
    let url = format!("/api/admin/agents/{}/{verb}", encode(username));
    check(Request::post(&url).send().await).await.map(drop)
}

/// `POST /api/admin/agents/{username}/reset-password`.
pub(crate) async fn reset_password(username: &str) -> ApiResult<PasswordIssued> {
    let url = format!("/api/admin/agents/{}/reset-password", encode(username));
    call(Request::post(&url)).await
}

/// `GET /api/items`: the registry of 事项 and their departments.
pub(crate) async fn items() -> ApiResult<Vec<ServiceItem>> {
    call(Request::get("/api/items")).await
}

/// `PUT /api/admin/items`: replaces the whole registry.
pub(crate) async fn save_items(items: &[ServiceItem]) -> ApiResult<Vec<ServiceItem>> {
    call_with(Request::put("/api/admin/items"), &items).await
}

/// `GET /api/stats?from=&to=`.
pub(crate) async fn stats(from: &str, to: &str) -> ApiResult<StatsReport> {
    call(Request::get("/api/stats").query([("from", from), ("to", to)])).await
}

/// `GET /api/cases`: by deadline.
pub(crate) async fn cases() -> ApiResult<Vec<CaseView>> {
    call(Request::get("/api/cases")).await
}

/// What a case step answers.
pub(crate) type ApiResultCase = ApiResult<CaseView>;

/// The case steps that carry only a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ApiStep {
    /// 回访.
    Contact,
    /// 整改完成.
    Rectify,
    /// 答复群众.
    Reply,
}

/// `POST /api/cases/{id}/contact`, `/rectify` or `/reply`.
pub(crate) async fn case_step(id: &str, step: ApiStep, note: String) -> ApiResultCase {
    let step = match step {
        ApiStep::Contact => "contact",
        ApiStep::Rectify => "rectify",
        ApiStep::Reply => "reply",
    };
    let url = format!("/api/cases/{id}/{step}");
    call_with(Request::post(&url), &NoteRequest { note }).await
}

/// `POST /api/cases/{id}/verify`.
pub(crate) async fn verify_case(id: &str, request: &VerifyRequest) -> ApiResult<CaseView> {
    call_with(Request::post(&format!("/api/cases/{id}/verify")), request).await
}

/// `POST /api/conversations/{id}/invite-rating`: 邀请评价.
pub(crate) async fn invite_rating(id: &str) -> ApiResult<ConversationView> {
    call(Request::post(&format!(
        "/api/conversations/{id}/invite-rating"
    )))
    .await
}

/// `POST /api/kb/drafts`: 存为知识.
pub(crate) async fn propose_draft(request: &DraftRequest) -> ApiResult<DraftView> {
    call_with(Request::post("/api/kb/drafts"), request).await
}

/// A path segment as `encodeURIComponent` writes it (工号 are ASCII in practice, but need not be).
fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}
