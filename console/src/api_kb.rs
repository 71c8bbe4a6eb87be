//! The knowledge-base maintainers' side of the HTTP API (docs/API.md, "Knowledge-base work"): entries,
//! unanswered questions and drafts.
//!
//! The calls that list or change the published base also return the version it is at (the server's
//! `bangban-kb-version` header), so the 知识库 pages can say "已发布版本 N" without downloading the snapshot.

use bangban_core::kb::KbEntry;
use bangban_core::kbwork::{ApproveRequest, DraftView, ResolveRequest, UnansweredGroup};
use bangban_core::protocol::ErrorBody;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::api::{ApiError, ApiResult, call, check};

/// The header that carries the published version.
const VERSION_HEADER: &str = "bangban-kb-version";

/// An answer with the published version it came with (`None` from a server that does not send it).
pub(crate) type Versioned<T> = (T, Option<u64>);

/// One entry as maintainers see it (`GET /api/kb/entries`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub(crate) struct EntryRow {
    /// The entry.
    #[serde(flatten)]
    pub(crate) entry: KbEntry,
    /// Retired entries are not published.
    pub(crate) retired: bool,
}

/// The list's search: text the entry contains, and exact 栏目 and 事项 (empty: any).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EntryFilter {
    /// Text (the server's substring filter over id, question, similar questions, keywords, answer).
    pub(crate) q: String,
    /// 栏目.
    pub(crate) column: String,
    /// 事项.
    pub(crate) item: String,
}

fn local(code: &str, message: &str) -> ApiError {
    ApiError {
        status: 0,
        body: ErrorBody {
            code: code.to_owned(),
            message: message.to_owned(),
        },
    }
}

fn version_of(response: &Response) -> Option<u64> {
    response.headers().get(VERSION_HEADER)?.trim().parse().ok()
}

async fn read_versioned<T: DeserializeOwned>(sent: Response) -> ApiResult<Versioned<T>> {
    let version = version_of(&sent);
    let body = sent
        .json()
        .await
        .map_err(|_| local("bad_response", "服务器的回答无法识别"))?;
    Ok((body, version))
}

async fn get_versioned<T: DeserializeOwned>(request: RequestBuilder) -> ApiResult<Versioned<T>> {
    read_versioned(check(request.send().await).await?).await
}

async fn post_versioned<B: serde::Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> ApiResult<Versioned<T>> {
    let request: Request = Request::post(url)
        .json(body)
        .map_err(|_| local("bad_request", "请求无法发送"))?;
    read_versioned(check(request.send().await).await?).await
}

/// A path segment as `encodeURIComponent` writes it.
fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}

/// `GET /api/kb/entries?q=&column=&item=`: retired entries too, marked.
pub(crate) async fn entries(filter: &EntryFilter) -> ApiResult<Versioned<Vec<EntryRow>>> {
    let params = [
        ("q", filter.q.trim()),
        ("column", filter.column.as_str()),
        ("item", filter.item.as_str()),
    ];
    get_versioned(Request::get("/api/kb/entries").query(params)).await
}

/// `POST /api/kb/entries`: adds (empty id) or edits an entry and publishes it.
pub(crate) async fn save_entry(entry: &KbEntry) -> ApiResult<Versioned<KbEntry>> {
    post_versioned("/api/kb/entries", entry).await
}

/// `POST /api/kb/entries/{id}/retire`: the new published version.
pub(crate) async fn retire(id: &str) -> ApiResult<Option<u64>> {
    let url = format!("/api/kb/entries/{}/retire", encode(id));
    let sent = check(Request::post(&url).send().await).await?;
    Ok(version_of(&sent))
}

/// `GET /api/kb/unanswered`: grouped, most asked first.
pub(crate) async fn unanswered() -> ApiResult<Vec<UnansweredGroup>> {
    call(Request::get("/api/kb/unanswered")).await
}

/// `POST /api/kb/unanswered/resolve`: answers a group with a new entry.
pub(crate) async fn resolve(request: &ResolveRequest) -> ApiResult<Versioned<KbEntry>> {
    post_versioned("/api/kb/unanswered/resolve", request).await
}

/// `GET /api/kb/drafts`: undecided first.
pub(crate) async fn drafts() -> ApiResult<Vec<DraftView>> {
    call(Request::get("/api/kb/drafts")).await
}

/// `POST /api/kb/drafts/{id}/approve`: publishes the (possibly edited) draft.
pub(crate) async fn approve(id: &str, request: &ApproveRequest) -> ApiResult<Versioned<DraftView>> {
    post_versioned(&format!("/api/kb/drafts/{}/approve", encode(id)), request).await
}

/// `POST /api/kb/drafts/{id}/reject`: 退回.
pub(crate) async fn reject(id: &str) -> ApiResult<DraftView> {
    call(Request::post(&format!(
        "/api/kb/drafts/{}/reject",
        encode(id)
    )))
    .await
}
