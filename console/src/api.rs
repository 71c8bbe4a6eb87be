//! The server's HTTP API (docs/API.md) as typed async functions.
//!
//! Same origin, so the session cookie travels by itself. Every failure becomes an [`ApiError`] whose message is
//! Chinese and safe to show: the server's `ErrorBody`, or a network message we write here.

use bangban_core::protocol::{
    ChatMessage, ConversationView, DutyRequest, ErrorBody, LoginRequest, Me, QueueEntry,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

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

type ApiResult<T> = Result<T, ApiError>;

const NETWORK: &str = "网络连接失败，请稍后重试";

/// Turns a sent request into a response with a 2xx status; other answers are read as `ErrorBody`.
async fn check(sent: Result<Response, gloo_net::Error>) -> ApiResult<Response> {
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
async fn call<T: DeserializeOwned>(request: RequestBuilder) -> ApiResult<T> {
    read(check(request.send().await).await?).await
}

/// Sends a request with a JSON body and reads the JSON answer.
async fn call_with<B: Serialize, T: DeserializeOwned>(
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
