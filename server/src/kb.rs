//! The published knowledge base: one serialized snapshot, versioned, with an ETag.
//!
//! The snapshot is serialized once per version, not once per request, and gzipped once per version in the
//! background ([`Snapshot::gzip`]); until that is done, the compression layer gzips each response.

use std::io::Write;
use std::sync::{Arc, OnceLock, RwLock};

use bangban_core::calendar::Date;
use bangban_core::kb::{KbFile, KbSnapshot};
use bangban_core::matcher::{Matcher, with_built_in_lexicon};

use crate::clock::Clock;
use crate::store::Store;

/// The demo knowledge base shipped with `--demo`.
pub const DEMO_KB: &str = include_str!("../../data/demo-kb.json");

/// One published version.
pub struct Snapshot {
    /// Version number.
    pub version: u64,
    /// Strong ETag for the JSON.
    pub etag: String,
    /// The `KbSnapshot` JSON.
    pub json: axum::body::Bytes,
    /// `json` gzipped at the best level, once set by [`precompress`]: a large knowledge base is tens of
    /// megabytes (30 MB at 20,000 entries), which the compression layer would gzip again for every citizen
    /// who downloads it.
    pub gzip: OnceLock<axum::body::Bytes>,
    /// The snapshot itself, for agent-side search.
    pub snapshot: KbSnapshot,
    /// The matcher over it: the same code and thresholds as the widget.
    pub matcher: Matcher,
    /// The day (`YYYY-MM-DD`) whose effective entries it holds.
    pub day: String,
}

/// Holder of the current snapshot.
pub struct Published {
    current: RwLock<Arc<Snapshot>>,
    clock: Clock,
}

impl Published {
    /// Loads the published snapshot from the store.
    pub async fn load(store: &dyn Store, clock: Clock) -> anyhow::Result<Published> {
        let published = Published {
            current: RwLock::new(Arc::new(build(KbSnapshot::default(), "")?)),
            clock,
        };
        published.refresh(store).await?;
        Ok(published)
    }

    /// Re-reads the store after a change. Entries published ahead (a policy that takes effect later) are
    /// left out until their effective date.
    pub async fn refresh(&self, store: &dyn Store) -> anyhow::Result<()> {
        let (version, mut entries, synonyms) = store.kb_published().await?;
        let today = Date::from_unix_ms(self.clock.now_ms()).to_string();
        entries.retain(|e| {
            e.effective
                .as_deref()
                .is_none_or(|day| day <= today.as_str())
        });
        // The built-in synonym groups travel in the snapshot, so the widget's matcher folds the same words
        // as the server's without carrying the lexicon in its wasm.
        let snapshot = build(
            with_built_in_lexicon(KbSnapshot {
                version,
                entries,
                synonyms,
                traditional: String::new(),
            }),
            &today,
        )?;
        let snapshot = Arc::new(snapshot);
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = snapshot.clone();
        precompress(snapshot);
        Ok(())
    }

    /// Whether the day has changed since the snapshot was built (entries may have taken effect).
    pub fn is_stale(&self) -> bool {
        self.current().day != Date::from_unix_ms(self.clock.now_ms()).to_string()
    }

    /// The current snapshot.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Follows the store's knowledge-base version until shutdown, so a change made by another process (the
/// `bangban kb import` command) is published within `every`.
pub async fn follow(
    store: Arc<dyn Store>,
    published: Arc<Published>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
    every: std::time::Duration,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => return,
        }
        match store.kb_version().await {
            Ok(version) if version != published.current().version || published.is_stale() => {
                if let Err(err) = published.refresh(store.as_ref()).await {
                    tracing::error!(error = ?err, "knowledge base refresh failed");
                } else {
                    tracing::info!(version, "knowledge base republished");
                }
            }
            Ok(_) => {}
            Err(err) => tracing::error!(error = ?err, "knowledge base version check failed"),
        }
    }
}

/// Gzips `snapshot`'s JSON on a blocking thread and keeps it in [`Snapshot::gzip`].
fn precompress(snapshot: Arc<Snapshot>) {
    tokio::task::spawn_blocking(move || {
        let start = std::time::Instant::now();
        let level = flate2::Compression::best();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), level);
        if gz.write_all(&snapshot.json).is_ok()
            && let Ok(bytes) = gz.finish()
        {
            let gzip = bytes.len();
            if snapshot.gzip.set(bytes.into()).is_ok() {
                let (version, json) = (snapshot.version, snapshot.json.len());
                let ms = start.elapsed().as_millis();
                tracing::info!(version, json, gzip, ms, "knowledge base gzipped");
            }
        }
    });
}

fn build(snapshot: KbSnapshot, day: &str) -> anyhow::Result<Snapshot> {
    let json = serde_json::to_vec(&snapshot)?;
    let digest = crate::auth::token_hash(&String::from_utf8_lossy(&json));
    Ok(Snapshot {
        day: day.to_owned(),
        version: snapshot.version,
        etag: format!("\"kb-{}-{}\"", snapshot.version, &digest[..16]),
        json: json.into(),
        gzip: OnceLock::new(),
        matcher: Matcher::new(&snapshot),
        snapshot,
    })
}

/// Parses the demo knowledge base file.
pub fn demo_file() -> anyhow::Result<KbFile> {
    Ok(serde_json::from_str(DEMO_KB)?)
}
