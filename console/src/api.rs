//! The server's HTTP API (docs/API.md) as typed async functions.
//!
//! Same origin, so the session cookie travels by itself. Every failure becomes an [`ApiError`] whose message is
//! Chinese and safe to show: the server's `ErrorBody`, or a network message we write here.

use bangban_core::protocol::{
    ChatMessage, ConversationView, DutyRequest, ErrorBody, LoginRequest, Me, QueueEntry,
    TransferRequest,
};
use bangban_core::ticket::{TicketAnswerRequest, TicketView};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A failed call: the HTTP status (0 when the server was not reached) and the error envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    /// HTTP status; 0 for network failures.
    pub(crate) status: u16,
    /// The server's envelope, or one made here.
    pub(crate) body: ErrorBody,
}

impl ApiError {
    fn local(code: &str, message: &str) -> Self {
        ApiError {
            status: 0,
            body: ErrorBody {
                code: code.to_owned(),
                message: message.to_owned(),
            },
        }
    }

    /// The Chinese message to show.
    pub(crate) fn message(&self) -> String {
        self.body.message.clone()
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

const NETWORK: &str = "网络连接失败，请稍后重试";

/// Turns a sent request into a response with a 2xx status; other answers are read as `ErrorBody`.
pub(crate) async fn check(sent: Result<Response, gloo_net::Error>) -> ApiResult<Response> {
    let response = sent.map_err(|_| ApiError::local("network", NETWORK))?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let body = response
        .json::<ErrorBody>()
        .await
        .unwrap_or_else(|_| ErrorBody {
            code: "http".to_owned(),
            message: format!("服务器错误（{status}），请稍后重试"),
        });
    Err(ApiError { status, body })
}

/// Sends a request without a body and reads the JSON answer.
pub(crate) async fn call<T: DeserializeOwned>(request: RequestBuilder) -> ApiResult<T> {
    read(check(request.send().await).await?).await
}

/// Sends a request with a JSON body and reads the JSON answer.
pub(crate) async fn call_with<B: Serialize, T: DeserializeOwned>(
    request: RequestBuilder,
    body: &B,
) -> ApiResult<T> {
    let request: Request = request
        .json(body)
        .map_err(|_| ApiError::local("bad_request", "请求无法发送"))?;
    read(check(request.send().await).await?).await
}

async fn read<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    response
        .json()
        .await
        .map_err(|_| ApiError::local("bad_response", "服务器的回答无法识别"))
}

/// `GET /api/me`: the signed-in agent; status 401 when there is no session.
pub(crate) async fn me() -> ApiResult<Me> {
    call(Request::get("/api/me")).await
}

/// `POST /api/auth/login`.
pub(crate) async fn login(username: String, password: String) -> ApiResult<Me> {
    let body = LoginRequest { username, password };
    call_with(Request::post("/api/auth/login"), &body).await
}

/// `POST /api/auth/logout`.
pub(crate) async fn logout() -> ApiResult<()> {
    check(Request::post("/api/auth/logout").send().await)
        .await
        .map(drop)
}

/// `POST /api/agent/duty`: 签入 / 签出.
pub(crate) async fn duty(on_duty: bool) -> ApiResult<Me> {
    call_with(Request::post("/api/agent/duty"), &DutyRequest { on_duty }).await
}

/// `GET /api/queue`: chats this agent may take, oldest first.
pub(crate) async fn queue() -> ApiResult<Vec<QueueEntry>> {
    call(Request::get("/api/queue")).await
}

/// `GET /api/agent/conversations`: the agent's chats, open ones first.
pub(crate) async fn my_chats() -> ApiResult<Vec<ConversationView>> {
    call(Request::get("/api/agent/conversations")).await
}

/// `POST /api/conversations/{id}/accept`: 接入; 409 `already_taken` when someone was faster.
pub(crate) async fn accept(id: &str) -> ApiResult<ConversationView> {
    call(Request::post(&format!("/api/conversations/{id}/accept"))).await
}

/// `POST /api/conversations/{id}/close`: 结束会话.
pub(crate) async fn close(id: &str) -> ApiResult<ConversationView> {
    call(Request::post(&format!("/api/conversations/{id}/close"))).await
}

/// `GET /api/conversations/{id}/messages?after=N`.
pub(crate) async fn messages(id: &str, after: u64) -> ApiResult<Vec<ChatMessage>> {
    call(Request::get(&format!(
        "/api/conversations/{id}/messages?after={after}"
    )))
    .await
}

/// `POST /api/conversations/{id}/transfer`: 转业务客服 or 转派12345.
pub(crate) async fn transfer(id: &str, request: &TransferRequest) -> ApiResult<ConversationView> {
    call_with(
        Request::post(&format!("/api/conversations/{id}/transfer")),
        request,
    )
    .await
}

/// `GET /api/conversations/{id}/history`: the same citizen's other chats.
pub(crate) async fn history(id: &str) -> ApiResult<Vec<ConversationView>> {
    call(Request::get(&format!("/api/conversations/{id}/history"))).await
}

/// `GET /api/tickets`: the tickets of the agent's department (all for supervisors).
pub(crate) async fn tickets() -> ApiResult<Vec<TicketView>> {
    call(Request::get("/api/tickets")).await
}

/// `POST /api/tickets/{id}/answer`.
pub(crate) async fn answer_ticket(id: &str, answer: String) -> ApiResult<TicketView> {
    let body = TicketAnswerRequest { answer };
    call_with(Request::post(&format!("/api/tickets/{id}/answer")), &body).await
}

/// One knowledge-base hit of `GET /api/kb/search`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub(crate) struct KbHit {
    /// Entry id.
    pub(crate) id: String,
    /// Its question.
    pub(crate) question: String,
    /// Its answer, to insert into the reply.
    pub(crate) answer: String,
    /// Whether 小申 would give it as the answer.
    pub(crate) confident: bool,
}

/// `GET /api/kb/search?q=&item=`: best first.
pub(crate) async fn kb_search(q: &str, item: Option<&str>) -> ApiResult<Vec<KbHit>> {
    let mut params = vec![("q", q)];
    if let Some(item) = item {
        params.push(("item", item));
    }
    call(Request::get("/api/kb/search").query(params)).await
}

/// `GET /api/canned`: canned replies.
pub(crate) async fn canned() -> ApiResult<Vec<String>> {
    call(Request::get("/api/canned")).await
}

/// The server's time from the `Date` header of `GET /api/me` (Unix ms), a first guess for the server clock.
pub(crate) async fn server_date() -> Option<ServerTime> {
    let response = Request::get("/api/me").send().await.ok()?;
    if let Some(ms) = (response.headers().get("x-bangban-now")).and_then(|v| v.parse().ok()) {
        return Some(ServerTime::Exact(ms));
    }
    let date = response.headers().get("date")?;
    let ms = js_sys::Date::parse(&date);
    (!ms.is_nan()).then_some(ServerTime::Date(ms as i64))
}

/// The server's time as `GET /api/me` tells it.
pub(crate) enum ServerTime {
    /// Its own clock (`x-bangban-now`), demo shift included.
    Exact(i64),
    /// Only the `Date` header: the system clock, to the second.
    Date(i64),
}
