//! The server's HTTP API, as the citizen uses it (see `docs/API.md`).
//!
//! Every call carries `Authorization: Bearer <visitor token>`. The token lives in `localStorage`; when
//! the server no longer knows it (401), a new visitor is created once and the call repeated, so a wiped
//! server database does not leave the widget stuck.

use bangban_core::protocol::{
    ChatMessage, ConversationView, ErrorBody, HandoffRequest, RatingRequest, ServiceStatus,
    VisitorToken,
};
use bangban_core::ticket::{BanchengRequest, LeaveMessageRequest, TicketView};
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::{Serialize, de::DeserializeOwned};

use crate::storage;

/// Shown when the server cannot be reached or answers nonsense.
pub(crate) const NETWORK_FAILED: &str = "网络连接失败，请稍后重试";

/// Why a call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ApiError {
    /// No answer, or not one we understand.
    Network,
    /// The server's error envelope.
    Server(ErrorBody),
}

impl ApiError {
    /// The Chinese text to show.
    pub(crate) fn message(&self) -> String {
        match self {
            ApiError::Network => NETWORK_FAILED.to_owned(),
            ApiError::Server(body) => body.message.clone(),
        }
    }
}

/// The visitor token, creating a visitor on first use.
pub(crate) async fn visitor_token() -> Result<String, ApiError> {
    if let Some(token) = storage::get(storage::VISITOR) {
        return Ok(token);
    }
    let response = RequestBuilder::new("/api/visitors")
        .method(Method::POST)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let VisitorToken { token } = decode(response).await?;
    storage::set(storage::VISITOR, &token);
    Ok(token)
}

/// Sends a request with the visitor token; on 401 makes a new visitor and tries once more.
pub(crate) async fn send(
    method: Method,
    path: &str,
    body: Option<&str>,
    extra: &[(&str, &str)],
) -> Result<Response, ApiError> {
    for attempt in 0..2 {
        let token = visitor_token().await?;
        let mut builder = RequestBuilder::new(path)
            .method(method.clone())
            .header("Authorization", &format!("Bearer {token}"));
        for (name, value) in extra {
            builder = builder.header(name, value);
        }
        let sent = match body {
            Some(json) => {
                builder
                    .header("Content-Type", "application/json")
                    .body(json)
                    .map_err(|_| ApiError::Network)?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        let response = sent.map_err(|_| ApiError::Network)?;
        if response.status() == 401 && attempt == 0 {
            storage::remove(storage::VISITOR);
            continue;
        }
        return Ok(response);
    }
    Err(ApiError::Network)
}

/// The JSON body of a 2xx answer, or the error envelope of any other.
pub(crate) async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json().await.map_err(|_| ApiError::Network);
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Server(body)),
        Err(_) => Err(ApiError::Network),
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(send(Method::GET, path, None, &[]).await?).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).map_err(|_| ApiError::Network)?;
    decode(send(Method::POST, path, Some(&json), &[]).await?).await
}

/// 转人工: opens a human chat carrying the bot transcript.
pub(crate) async fn hand_off(request: &HandoffRequest) -> Result<ConversationView, ApiError> {
    post("/api/conversations", request).await
}

/// The visitor's open chat, or closed and not yet rated one.
pub(crate) async fn current_conversation() -> Result<Option<ConversationView>, ApiError> {
    get("/api/conversations/current").await
}

/// The messages of `conversation` after `after`.
pub(crate) async fn messages(conversation: &str, after: u64) -> Result<Vec<ChatMessage>, ApiError> {
    let id = js_sys::encode_uri_component(conversation);
    get(&format!("/api/conversations/{id}/messages?after={after}")).await
}

/// Rates a closed chat.
pub(crate) async fn rate(
    conversation: &str,
    request: &RatingRequest,
) -> Result<ConversationView, ApiError> {
    let id = js_sys::encode_uri_component(conversation);
    post(&format!("/api/conversations/{id}/rating"), request).await
}

/// Whether human help is open for `item` now (no visitor needed: asking must not create one).
pub(crate) async fn service_status(item: Option<&str>) -> Result<ServiceStatus, ApiError> {
    let item = js_sys::encode_uri_component(item.unwrap_or_default());
    let response = RequestBuilder::new(&format!("/api/service-status?item={item}"))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decode(response).await
}

/// 留言: leaves a question to be answered on the next working day.
pub(crate) async fn leave_message(request: &LeaveMessageRequest) -> Result<TicketView, ApiError> {
    post("/api/tickets", request).await
}

/// 办不成事: reports a problem met in an application, with the chats attached.
pub(crate) async fn bancheng(request: &BanchengRequest) -> Result<TicketView, ApiError> {
    post("/api/bancheng", request).await
}

/// The visitor's tickets of every kind (留言, 12345, 办不成事), with their answers.
pub(crate) async fn my_tickets() -> Result<Vec<TicketView>, ApiError> {
    get("/api/tickets/mine").await
}
