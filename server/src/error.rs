//! The error every API call can answer with, rendered as the `ErrorBody` envelope from `core`.
//!
//! Internal failures are logged once here and answered with a generic Chinese message: their text never
//! reaches a client.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bangban_core::protocol::ErrorBody;

/// An API failure.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Missing or expired login.
    #[error("unauthenticated")]
    Unauthenticated,
    /// Wrong 工号 or password.
    #[error("bad credentials")]
    BadCredentials,
    /// Signed in, but this role may not do that.
    #[error("forbidden")]
    Forbidden,
    /// No such thing, or not visible to the caller (the two are not told apart).
    #[error("not found")]
    NotFound,
    /// The request is invalid; the body says why.
    #[error("invalid: {0:?}")]
    Invalid(ErrorBody),
    /// The request conflicts with the current state.
    #[error("conflict: {0:?}")]
    Conflict(ErrorBody),
    /// An uploaded file is refused (type, size, length, broken); the status says which kind.
    #[error("media: {0:?}")]
    Media(bangban_core::media::MediaProblem),
    /// Something failed inside.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// An `Invalid` error with a code and a Chinese message.
    pub fn invalid(code: &str, message: &str) -> ApiError {
        ApiError::Invalid(body(code, message))
    }

    /// A `Conflict` error with a code and a Chinese message.
    pub fn conflict(code: &str, message: &str) -> ApiError {
        ApiError::Conflict(body(code, message))
    }

    /// Status and envelope; logs internal errors.
    pub fn parts(&self) -> (StatusCode, ErrorBody) {
        match self {
            ApiError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                body("unauthenticated", "请先登录"),
            ),
            ApiError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                body("bad_credentials", "工号或密码错误"),
            ),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, body("forbidden", "没有权限")),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                body("not_found", "会话不存在或无权访问"),
            ),
            ApiError::Invalid(b) => (StatusCode::BAD_REQUEST, b.clone()),
            ApiError::Conflict(b) => (StatusCode::CONFLICT, b.clone()),
            ApiError::Media(problem) => (
                StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::BAD_REQUEST),
                body(problem.code(), problem.message()),
            ),
            ApiError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    body("internal", "服务器内部错误，请稍后重试"),
                )
            }
        }
    }
}

impl From<ErrorBody> for ApiError {
    fn from(b: ErrorBody) -> ApiError {
        ApiError::Invalid(b)
    }
}

impl From<bangban_core::media::MediaProblem> for ApiError {
    fn from(problem: bangban_core::media::MediaProblem) -> ApiError {
        ApiError::Media(problem)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let (code, message) = match rejection {
            JsonRejection::MissingJsonContentType(_) => {
                ("bad_content_type", "请求格式错误：需要 JSON")
            }
            JsonRejection::BytesRejection(_) => ("body_too_large", "请求内容过大"),
            _ => ("malformed_body", "请求内容格式错误"),
        };
        ApiError::invalid(code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.parts();
        (status, axum::Json(body)).into_response()
    }
}

fn body(code: &str, message: &str) -> ErrorBody {
    ErrorBody {
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

/// `axum::Json`, but a malformed body answers with our envelope.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// What handlers return.
pub type ApiResult<T> = Result<Json<T>, ApiError>;
