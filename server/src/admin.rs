//! Administration: agent accounts (the console's version of `bangban agent ...`), the agents' status for
//! supervisors, and the service-item registry.

use bangban_core::protocol::{AgentRequest, AgentSummary, PasswordIssued, Role, ServiceItem};

use crate::auth::hash_password;
use crate::demo::random_password;
use crate::error::ApiError;
use crate::items;
use crate::policy;
use crate::state::AppState;
use crate::store::{AgentRecord, DEFAULT_MAX_CHATS, NewAgent};

/// Most simultaneous chats an administrator may allow one agent.
pub const MAX_CHATS_LIMIT: u32 = 50;

/// Only administrators change accounts and the registry.
pub fn require_admin(agent: &AgentRecord) -> Result<(), ApiError> {
    if agent.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Every agent with status and load, for supervisors and administrators.
pub async fn agents(state: &AppState, caller: &AgentRecord) -> Result<Vec<AgentSummary>, ApiError> {
    if !policy::oversees(caller) {
        return Err(ApiError::Forbidden);
    }
    let all = state.store.list_agents().await?;
    Ok(all
        .into_iter()
        .map(|(a, open_chats)| AgentSummary {
            username: a.username,
            display_name: a.display_name,
            role: a.role,
            department: a.department,
            on_duty: a.on_duty,
            disabled: a.disabled,
            max_chats: a.max_chats,
            open_chats,
        })
        .collect())
}

/// Creates an account (with a generated password, returned once) or updates one (password unchanged).
pub async fn save_agent(
    state: &AppState,
    admin: &AgentRecord,
    req: AgentRequest,
) -> Result<Option<PasswordIssued>, ApiError> {
    require_admin(admin)?;
    let username = req.username.trim();
    let username_ok = (1..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !username_ok {
        return Err(ApiError::invalid(
            "bad_username",
            "工号须为 1-32 位字母、数字、-、_ 或 .",
        ));
    }
    let name = req.display_name.trim();
    if name.is_empty() || name.chars().count() > 32 {
        return Err(ApiError::invalid("bad_name", "姓名不能为空，最多 32 字"));
    }
    let max_chats = req.max_chats.unwrap_or(DEFAULT_MAX_CHATS);
    if !(1..=MAX_CHATS_LIMIT).contains(&max_chats) {
        return Err(ApiError::invalid(
            "bad_max_chats",
            &format!("同时接待上限应为 1-{MAX_CHATS_LIMIT}"),
        ));
    }
    let existing = state.store.agent_by_username(username).await?;
    let (hash, issued) = match &existing {
        Some(a) => (a.password_hash.clone(), None),
        None => {
            let password = random_password();
            (hash_password(password.clone()).await?, Some(password))
        }
    };
    let department = req
        .department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    state
        .store
        .upsert_agent(&NewAgent {
            username: username.to_owned(),
            display_name: name.to_owned(),
            role: req.role,
            department: department.map(str::to_owned),
            password_hash: hash,
            max_chats,
        })
        .await?;
    tracing::info!(agent = username, by = admin.id, "agent saved");
    Ok(issued.map(|password| PasswordIssued {
        username: username.to_owned(),
        password,
    }))
}

/// Disables (or enables) an account; disabling ends its sessions.
pub async fn set_disabled(
    state: &AppState,
    admin: &AgentRecord,
    username: &str,
    disabled: bool,
) -> Result<(), ApiError> {
    require_admin(admin)?;
    if disabled && username == admin.username {
        return Err(ApiError::conflict("self", "不能停用自己的账号"));
    }
    if !state.store.set_disabled(username, disabled).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(agent = username, disabled, by = admin.id, "agent status");
    Ok(())
}

/// Issues a new random password; ends the account's sessions.
pub async fn reset_password(
    state: &AppState,
    admin: &AgentRecord,
    username: &str,
) -> Result<PasswordIssued, ApiError> {
    require_admin(admin)?;
    let password = random_password();
    let hash = hash_password(password.clone()).await?;
    if !state.store.set_password(username, &hash).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(agent = username, by = admin.id, "password reset");
    Ok(PasswordIssued {
        username: username.to_owned(),
        password,
    })
}

/// Replaces the service-item registry.
pub async fn save_items(
    state: &AppState,
    admin: &AgentRecord,
    rows: Vec<ServiceItem>,
) -> Result<Vec<ServiceItem>, ApiError> {
    require_admin(admin)?;
    items::validate(&rows).map_err(|reason| ApiError::invalid("bad_items", &reason))?;
    state.store.replace_items(&rows).await?;
    state.items.replace(&rows);
    tracing::info!(items = rows.len(), by = admin.id, "item registry saved");
    Ok(state.store.items().await?)
}
