//! `--demo`: the demo accounts and the demo knowledge base, so a fresh checkout shows the whole path.

use bangban_core::protocol::Role;
use rand::Rng;
use rand::distributions::Alphanumeric;

use crate::auth::hash_password;
use crate::kb;
use crate::store::{DEFAULT_MAX_CHATS, NewAgent, Store};

/// The demo accounts: 工号, name, role, department.
pub const DEMO_AGENTS: [(&str, &str, Role, Option<&str>); 5] = [
    ("chuangkou1", "窗口客服小王", Role::Window, None),
    ("yewu1", "业务客服小李", Role::Business, Some("市公安局")),
    ("jiandu1", "监督员老张", Role::Supervisor, None),
    ("admin1", "系统管理员", Role::Admin, None),
    ("zhishi1", "知识库维护员", Role::KbMaintainer, None),
];

/// Creates (or resets) the demo accounts with `password`, or a random one; returns the password.
pub async fn seed_agents(store: &dyn Store, password: Option<String>) -> anyhow::Result<String> {
    let password = password.unwrap_or_else(random_password);
    let hash = hash_password(password.clone()).await?;
    for (username, display_name, role, department) in DEMO_AGENTS {
        store
            .upsert_agent(&NewAgent {
                username: username.into(),
                display_name: display_name.into(),
                role,
                department: department.map(Into::into),
                password_hash: hash.clone(),
                max_chats: DEFAULT_MAX_CHATS,
            })
            .await?;
    }
    Ok(password)
}

/// Loads the demo knowledge base when the knowledge base is empty.
pub async fn seed_kb(store: &dyn Store, now_ms: i64) -> anyhow::Result<()> {
    let (version, entries, _) = store.kb_published().await?;
    if version == 0 && entries.is_empty() {
        let file = kb::demo_file()?;
        store
            .kb_replace(&file.entries, &file.synonyms, now_ms)
            .await?;
    }
    Ok(())
}

/// A random 12-character password.
pub fn random_password() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(12)
        .map(char::from)
        .collect()
}

/// The banner printed at start.
pub fn banner(addr: &str, password: &str) -> String {
    let mut out = format!(
        "\nbangban demo is running\n  demo page:  http://{addr}/demo/yiwangtongban.html\n  \
         mobile:     http://{addr}/demo/suishenban.html\n  console:    http://{addr}/console\n  \
         demo accounts (password: {password}):\n"
    );
    for (username, name, role, department) in DEMO_AGENTS {
        out.push_str(&format!(
            "    {username:<12} {name} ({}{})\n",
            role.label(),
            department.map(|d| format!(", {d}")).unwrap_or_default()
        ));
    }
    out
}
