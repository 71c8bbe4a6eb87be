//! The blob store on an S3-compatible service (build feature `s3`). It needs a service, so it runs only when
//! `BANGBAN_TEST_S3=s3://BUCKET/PREFIX` names an existing bucket (with `AWS_ENDPOINT`, `AWS_ALLOW_HTTP`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION` set as for the server), e.g. against a local
//! `moto_server`:
//!
//! ```sh
//! BANGBAN_TEST_S3=s3://bangban/test AWS_ENDPOINT=http://127.0.0.1:5055 AWS_ALLOW_HTTP=true \
//!   AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
//!   cargo test -p bangban-server --features s3 --test s3
//! ```
#![cfg(feature = "s3")]

use bangban_server::blobs::{BlobStore, ObjectBlobs};

#[tokio::test]
async fn an_s3_bucket_keeps_puts_gets_lists_and_deletes() {
    let Ok(spec) = std::env::var("BANGBAN_TEST_S3") else {
        eprintln!("BANGBAN_TEST_S3 is not set: skipping the S3 blob-store test");
        return;
    };
    let blobs = ObjectBlobs::open(&spec).unwrap();
    let key = format!("t{}", std::process::id());
    blobs.put(&key, b"\x89PNG...".to_vec()).await.unwrap();
    blobs
        .put(&format!("{key}.thumb"), vec![1, 2])
        .await
        .unwrap();
    assert_eq!(
        blobs.get(&key).await.unwrap().as_deref(),
        Some(&b"\x89PNG..."[..])
    );
    assert_eq!(blobs.get("missing").await.unwrap(), None);
    let keys = blobs.keys().await.unwrap();
    assert!(keys.contains(&key), "{keys:?}");
    assert!(keys.contains(&format!("{key}.thumb")), "{keys:?}");
    blobs.delete(&key).await.unwrap();
    blobs.delete(&format!("{key}.thumb")).await.unwrap();
    blobs.delete(&key).await.unwrap();
    assert_eq!(blobs.get(&key).await.unwrap(), None);
    assert!(blobs.put("../escape", vec![0]).await.is_err());
}
