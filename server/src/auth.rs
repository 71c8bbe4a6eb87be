//! Who is asking: agents by session cookie, citizens by bearer token.
//!
//! Tokens are 32 random bytes, given to the client once; only their SHA-256 is stored, so a copy of the
//! database does not let anyone sign in. Passwords are argon2id hashes.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::AgentRecord;

/// Name of the agent session cookie.
pub const SESSION_COOKIE: &str = "bangban_session";
/// How long a login lasts.
pub const SESSION_MS: i64 = 12 * 60 * 60 * 1000;

/// A fresh random token, hex encoded.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What is stored for a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Password work runs on one dedicated thread. Each argon2 call takes ~19 MiB; on tokio's blocking pool every
/// thread that ran one would keep that memory in its allocator arena (measured: 2 GB after 200 logins), while
/// one thread keeps one arena. Logins queue behind each other, which also limits password guessing.
fn password_worker() -> &'static std::sync::mpsc::Sender<Box<dyn FnOnce() + Send>> {
    static WORKER: std::sync::OnceLock<std::sync::mpsc::Sender<Box<dyn FnOnce() + Send>>> =
        std::sync::OnceLock::new();
    WORKER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Box<dyn FnOnce() + Send>>();
        std::thread::Builder::new()
            .name("bangban-passwords".into())
            .spawn(move || {
                for job in rx {
                    job();
                }
            })
            .expect("start the password thread");
        tx
    })
}

/// Runs `work` on the password thread and waits for its result without blocking the runtime.
async fn on_password_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Box<dyn FnOnce() + Send> = Box::new(move || {
        let _ = tx.send(work());
    });
    password_worker().send(job).ok()?;
    rx.await.ok()
}

/// Hashes a password with argon2id (slow on purpose).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    on_password_thread(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await
    .unwrap_or_else(|| Err(anyhow::anyhow!("the password thread is gone")))
}

/// Checks a password against a stored hash; a malformed hash never matches.
pub async fn verify_password(password: String, hash: String) -> bool {
    on_password_thread(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A signed-in agent.
#[derive(Clone, Debug)]
pub struct Agent(pub AgentRecord);

impl FromRequestParts<AppState> for Agent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Agent, ApiError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar.get(SESSION_COOKIE).ok_or(ApiError::Unauthenticated)?;
        agent_by_token(state, token.value())
            .await?
            .map(Agent)
            .ok_or(ApiError::Unauthenticated)
    }
}

/// The agent behind a session token, if it is valid.
pub async fn agent_by_token(state: &AppState, token: &str) -> anyhow::Result<Option<AgentRecord>> {
    state
        .store
        .session_agent(&token_hash(token), state.clock.now_ms())
        .await
}

/// A citizen, by the bearer token the widget holds.
#[derive(Clone, Copy, Debug)]
pub struct Visitor(pub i64);

impl FromRequestParts<AppState> for Visitor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Visitor, ApiError> {
        let token = bearer(parts).ok_or(ApiError::Unauthenticated)?;
        visitor_by_token(state, token)
            .await?
            .map(Visitor)
            .ok_or(ApiError::Unauthenticated)
    }
}

/// The citizen behind a token, if it is valid.
pub async fn visitor_by_token(state: &AppState, token: &str) -> anyhow::Result<Option<i64>> {
    state.store.visitor_by_token(&token_hash(token)).await
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

/// Either side of a chat: a citizen (bearer token) or an agent (cookie).
#[derive(Clone, Debug)]
pub enum Caller {
    /// A citizen.
    Visitor(i64),
    /// An agent.
    Agent(AgentRecord),
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        if bearer(parts).is_some() {
            return Visitor::from_request_parts(parts, state)
                .await
                .map(|v| Caller::Visitor(v.0));
        }
        Agent::from_request_parts(parts, state)
            .await
            .map(|a| Caller::Agent(a.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("正确的密码".into()).await.unwrap();
        assert!(verify_password("正确的密码".into(), hash.clone()).await);
        assert!(!verify_password("wrong".into(), hash).await);
        assert!(!verify_password("x".into(), "not a hash".into()).await);
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }
}
