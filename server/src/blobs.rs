//! Where uploaded files live: a small blob-store trait over the `object_store` crate.
//!
//! The default is a local folder outside every public folder (`--blobs DIR`, or the database file's name
//! plus `.blobs`); a build with `--features s3` also accepts `--blobs s3://BUCKET/PREFIX`, an S3-compatible
//! store configured by the usual `AWS_*` variables. Keys are server-generated ids, never a name a user chose.

use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use futures::TryStreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

/// Stores and serves uploaded files by key.
#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` under `key` (replacing what was there).
    async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()>;
    /// The bytes under `key`, or `None` when there are none.
    async fn get(&self, key: &str) -> anyhow::Result<Option<Vec<u8>>>;
    /// Removes `key`; removing a missing key is not an error.
    async fn delete(&self, key: &str) -> anyhow::Result<()>;
    /// Every key, for sweeping files that no message refers to.
    async fn keys(&self) -> anyhow::Result<Vec<String>>;
}

/// A [`BlobStore`] on any `object_store` backend (local folder, S3).
pub struct ObjectBlobs {
    inner: Arc<dyn ObjectStore>,
}

impl ObjectBlobs {
    /// Files in a local folder, created if missing.
    pub fn local(dir: &std::path::Path) -> anyhow::Result<ObjectBlobs> {
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .with_context(|| format!("open the blob folder {}", dir.display()))?;
        Ok(ObjectBlobs {
            inner: Arc::new(store),
        })
    }

    /// The store named by `--blobs`: a folder, or `s3://BUCKET/PREFIX` with the `s3` feature.
    pub fn open(spec: &str) -> anyhow::Result<ObjectBlobs> {
        if let Some(rest) = spec.strip_prefix("s3://") {
            return s3(rest);
        }
        ObjectBlobs::local(std::path::Path::new(spec))
    }
}

#[cfg(feature = "s3")]
fn s3(rest: &str) -> anyhow::Result<ObjectBlobs> {
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let store = object_store::aws::AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .build()
        .context("configure the S3 blob store")?;
    let inner: Arc<dyn ObjectStore> = if prefix.is_empty() {
        Arc::new(store)
    } else {
        Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
    };
    Ok(ObjectBlobs { inner })
}

#[cfg(not(feature = "s3"))]
fn s3(_: &str) -> anyhow::Result<ObjectBlobs> {
    anyhow::bail!(
        "this build has no S3 support: build with `--features s3`, or give --blobs a folder"
    )
}

/// Keys are ids we made (hex, `.thumb`); anything else is refused before it reaches the store.
fn path_of(key: &str) -> anyhow::Result<Path> {
    anyhow::ensure!(
        !key.is_empty()
            && key.len() <= 80
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'),
        "bad blob key"
    );
    Ok(Path::from(key))
}

#[async_trait]
impl BlobStore for ObjectBlobs {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.inner
            .put(&path_of(key)?, PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    async fn get(&self, key: &str) -> anyhow::Result<Option<Vec<u8>>> {
        match self.inner.get(&path_of(key)?).await {
            Ok(found) => Ok(Some(found.bytes().await?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.inner.delete(&path_of(key)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    async fn keys(&self) -> anyhow::Result<Vec<String>> {
        let metas: Vec<_> = self.inner.list(None).try_collect().await?;
        Ok(metas.into_iter().map(|m| m.location.to_string()).collect())
    }
}

/// The default blob folder for a database URL: `sqlite://data/bangban.db` keeps its files in
/// `data/bangban.db.blobs`.
pub fn default_dir(database: &str) -> std::path::PathBuf {
    let file = database
        .strip_prefix("sqlite://")
        .or_else(|| database.strip_prefix("sqlite:"))
        .unwrap_or(database);
    let file = file.split('?').next().unwrap_or(file);
    if file.is_empty() || file.contains(":memory:") {
        return std::env::temp_dir().join(format!("bangban-blobs-{}", std::process::id()));
    }
    std::path::PathBuf::from(format!("{file}.blobs"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_folder_keeps_puts_gets_lists_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = ObjectBlobs::local(&dir.path().join("b")).unwrap();
        blobs.put("abc123", vec![1, 2, 3]).await.unwrap();
        blobs.put("abc123.thumb", vec![4]).await.unwrap();
        assert_eq!(blobs.get("abc123").await.unwrap(), Some(vec![1, 2, 3]));
        assert_eq!(blobs.get("nothing").await.unwrap(), None);
        let mut keys = blobs.keys().await.unwrap();
        keys.sort();
        assert_eq!(keys, ["abc123", "abc123.thumb"]);
        blobs.delete("abc123").await.unwrap();
        blobs.delete("abc123").await.unwrap();
        assert_eq!(blobs.get("abc123").await.unwrap(), None);
        for hostile in ["../etc/passwd", "a/b", "", "x y"] {
            assert!(blobs.put(hostile, vec![0]).await.is_err(), "{hostile}");
        }
    }

    #[test]
    fn the_default_folder_sits_beside_the_database() {
        assert_eq!(
            default_dir("sqlite://data/bangban.db"),
            std::path::PathBuf::from("data/bangban.db.blobs")
        );
        assert_eq!(
            default_dir("sqlite://x.db?mode=rwc"),
            std::path::PathBuf::from("x.db.blobs")
        );
    }
}
