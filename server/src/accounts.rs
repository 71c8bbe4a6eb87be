//! `bangban agent add|disable|reset-password`: account management from the command line.

use anyhow::bail;

use crate::auth::hash_password;
use crate::config::AgentCommand;
use crate::demo::random_password;
use crate::store::{NewAgent, Store};

/// Runs one account command; returns what to print.
pub async fn run(store: &dyn Store, command: AgentCommand) -> anyhow::Result<String> {
    match command {
        AgentCommand::Add {
            username,
            name,
            role,
            department,
            max_chats,
            password,
        } => {
            let username = checked_username(&username)?;
            let (password, shown) = password_or_random(password);
            let agent = store
                .upsert_agent(&NewAgent {
                    username: username.to_owned(),
                    display_name: name,
                    role,
                    department,
                    password_hash: hash_password(password.clone()).await?,
                    max_chats,
                })
                .await?;
            Ok(format!(
                "agent {} ({}) saved{}",
                agent.username,
                role.label(),
                shown
                    .map(|p| format!("; password: {p}"))
                    .unwrap_or_default()
            ))
        }
        AgentCommand::Disable { username } => {
            if !store.set_disabled(&username, true).await? {
                bail!("no agent {username}");
            }
            Ok(format!("agent {username} disabled"))
        }
        AgentCommand::ResetPassword { username, password } => {
            let (password, shown) = password_or_random(password);
            if !store
                .set_password(&username, &hash_password(password).await?)
                .await?
            {
                bail!("no agent {username}");
            }
            Ok(format!(
                "password of {username} reset{}",
                shown
                    .map(|p| format!("; new password: {p}"))
                    .unwrap_or_default()
            ))
        }
    }
}

/// The given password, or a random one that must be shown (once) to the operator.
fn password_or_random(given: Option<String>) -> (String, Option<String>) {
    match given.filter(|p| !p.is_empty()) {
        Some(p) => (p, None),
        None => {
            let p = random_password();
            (p.clone(), Some(p))
        }
    }
}

/// 工号: 1-32 ASCII letters, digits, `-`, `_` or `.`.
fn checked_username(username: &str) -> anyhow::Result<&str> {
    let ok = (1..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !ok {
        bail!("工号 must be 1-32 ASCII letters, digits, '-', '_' or '.'");
    }
    Ok(username)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::verify_password;
    use crate::store::sqlite::SqliteStore;
    use bangban_core::protocol::Role;

    #[tokio::test]
    async fn add_disable_and_reset_an_account() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("a.db").display());
        let store = SqliteStore::open(&url).await.unwrap();
        let added = run(
            &store,
            AgentCommand::Add {
                username: "shuiwu2".into(),
                name: "税务客服".into(),
                role: Role::Business,
                department: Some("市税务局".into()),
                max_chats: 5,
                password: None,
            },
        )
        .await
        .unwrap();
        let password = added.rsplit("password: ").next().unwrap().to_owned();
        let agent = store.agent_by_username("shuiwu2").await.unwrap().unwrap();
        assert_eq!(agent.department.as_deref(), Some("市税务局"));
        assert!(verify_password(password, agent.password_hash.clone()).await);

        run(
            &store,
            AgentCommand::Disable {
                username: "shuiwu2".into(),
            },
        )
        .await
        .unwrap();
        assert!(
            store
                .agent_by_username("shuiwu2")
                .await
                .unwrap()
                .unwrap()
                .disabled
        );

        let reset = AgentCommand::ResetPassword {
            username: "shuiwu2".into(),
            password: Some("新密码123".into()),
        };
        run(&store, reset).await.unwrap();
        let agent = store.agent_by_username("shuiwu2").await.unwrap().unwrap();
        assert!(verify_password("新密码123".into(), agent.password_hash).await);

        let missing = AgentCommand::Disable {
            username: "nobody".into(),
        };
        assert!(run(&store, missing).await.is_err());
        let bad = AgentCommand::Add {
            username: "有空格 的".into(),
            name: "x".into(),
            role: Role::Window,
            department: None,
            max_chats: 5,
            password: None,
        };
        assert!(run(&store, bad).await.is_err());
    }
}
