//! Anonymous citizens.

use axum::extract::State;
use axum::http::StatusCode;
use bangban_core::protocol::VisitorToken;

use crate::auth::{new_token, token_hash};
use crate::error::{ApiError, Json};
use crate::state::AppState;

/// `POST /api/visitors`: a new citizen identity for the widget.
pub async fn create(
    State(state): State<AppState>,
) -> Result<(StatusCode, Json<VisitorToken>), ApiError> {
    let token = new_token();
    state
        .store
        .create_visitor(&token_hash(&token), state.clock.now_ms())
        .await?;
    Ok((StatusCode::CREATED, Json(VisitorToken { token })))
}
