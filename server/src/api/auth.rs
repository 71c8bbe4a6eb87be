//! Agent login and logout.

use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use bangban_core::protocol::{LoginRequest, Me};

use crate::auth::{SESSION_COOKIE, SESSION_MS, new_token, token_hash, verify_password};
use crate::error::{ApiError, Json};
use crate::state::AppState;
use crate::store::AgentRecord;

/// A well-formed hash that matches no password, checked when the 工号 is unknown so that a wrong 工号 takes as
/// long as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5z9cS0GZ1q4t1Ts0eXo0i3o6xHkQq3xqBq3o0H7c2Vg";

/// `POST /api/auth/login`: checks the password and sets the session cookie.
pub async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(req): Json<LoginRequest>,
) -> Result<(CookieJar, Json<Me>), ApiError> {
    let agent = state.store.agent_by_username(req.username.trim()).await?;
    let hash = agent
        .as_ref()
        .map_or(DUMMY_HASH.to_owned(), |a| a.password_hash.clone());
    let valid = verify_password(req.password, hash).await;
    let agent = match agent {
        Some(a) if valid && !a.disabled => a,
        _ => {
            tracing::info!("login refused");
            return Err(ApiError::BadCredentials);
        }
    };
    let token = new_token();
    let expires = state.clock.now_ms() + SESSION_MS;
    state
        .store
        .create_session(&token_hash(&token), agent.id, expires)
        .await?;
    tracing::info!(agent = agent.id, "login");
    let cookie = Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .build();
    Ok((jar.add(cookie), Json(me(&agent))))
}

/// `POST /api/auth/logout`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), ApiError> {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        state
            .store
            .delete_session(&token_hash(cookie.value()))
            .await?;
    }
    let removal = Cookie::build((SESSION_COOKIE, "")).path("/").build();
    Ok((jar.remove(removal), StatusCode::NO_CONTENT))
}

/// The agent as the console sees them.
pub fn me(agent: &AgentRecord) -> Me {
    Me {
        username: agent.username.clone(),
        display_name: agent.display_name.clone(),
        role: agent.role,
        department: agent.department.clone(),
        on_duty: agent.on_duty,
    }
}
