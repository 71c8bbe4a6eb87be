//! Screenshots and voice clips in a chat: upload, check, store, serve.
//!
//! `POST /api/conversations/{id}/attachments?client_id=...` takes the raw file as the body. The order is
//! what keeps a refused or failed upload from leaving anything behind:
//! 1. the caller must be a participant (otherwise "not found", like every conversation URL);
//! 2. the body is read with a hard limit, the type decided by its first bytes ([`bangban_core::media`]);
//! 3. images are decoded with limits and re-encoded ([`image`]), clips measured from their container
//!    ([`audio`]) — all in memory, nothing written yet;
//! 4. the file (and thumbnail) go to the blob store under a fresh random id;
//! 5. the message is committed with its attachment in one transaction; if that fails, the blobs are deleted.
//!
//! A crash between 4 and 5 can leave a blob no message refers to; [`sweep`] removes those at start.
//! Files are served only to the conversation's participants, with `nosniff`, their real content type and a
//! `Content-Disposition`.

pub mod audio;
pub mod image;
pub mod samples;

use std::collections::HashSet;
use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bangban_core::media::{
    AUDIO_GRACE_MS, Attachment, AttachmentKind, MAX_AUDIO_MS, MAX_IMAGE_BYTES, MediaProblem,
    MediaType, precheck, sniff,
};
use bangban_core::protocol::ChatMessage;
use bangban_core::text::validate_client_id;
use futures::StreamExt;
use serde::Deserialize;
use tokio::sync::Semaphore;

use crate::auth::Caller;
use crate::blobs::BlobStore;
use crate::chat;
use crate::error::{ApiError, Json};
use crate::state::AppState;
use crate::store::NewAttachment;

/// Query of an upload.
#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    /// The sender's id for the message; sending it again returns the stored message.
    pub client_id: String,
}

/// A checked upload, ready to store.
#[derive(Debug)]
pub struct Checked {
    /// The stored type.
    pub media: MediaType,
    /// The bytes to store.
    pub bytes: Vec<u8>,
    /// Image size.
    pub size: Option<(u32, u32)>,
    /// Clip length.
    pub duration_ms: Option<u64>,
    /// Thumbnail and its type (images).
    pub thumb: Option<(Vec<u8>, MediaType)>,
}

/// At most two images are decoded at once: each may take a few hundred MB while it is.
fn decoders() -> &'static Semaphore {
    static DECODERS: OnceLock<Semaphore> = OnceLock::new();
    DECODERS.get_or_init(|| Semaphore::new(2))
}

/// Checks an upload completely: type by the bytes, limits, decoding, length.
pub async fn check(data: Vec<u8>) -> Result<Checked, ApiError> {
    let media = precheck(&data[..data.len().min(16)], data.len() as u64)?;
    match media.kind() {
        AttachmentKind::Image => {
            let _permit = decoders()
                .acquire()
                .await
                .map_err(|e| anyhow::anyhow!("decoder pool closed: {e}"))?;
            let image = tokio::task::spawn_blocking(move || image::process(media, &data))
                .await
                .map_err(|e| anyhow::anyhow!("image task failed: {e}"))??;
            Ok(Checked {
                media: image.media,
                size: Some((image.width, image.height)),
                duration_ms: None,
                thumb: Some((image.thumb, image.thumb_media)),
                bytes: image.bytes,
            })
        }
        AttachmentKind::Audio => {
            let length = audio::duration_ms(media, &data)?;
            if length > MAX_AUDIO_MS + AUDIO_GRACE_MS {
                return Err(MediaProblem::AudioTooLong.into());
            }
            Ok(Checked {
                media,
                bytes: data,
                size: None,
                duration_ms: Some(length.min(MAX_AUDIO_MS)),
                thumb: None,
            })
        }
    }
}

/// Reads a request body up to the limit of its type (known from the first bytes), refusing the rest
/// without reading it.
async fn read_limited(body: Body, declared: Option<u64>) -> Result<Vec<u8>, ApiError> {
    if declared.is_some_and(|n| n > MAX_IMAGE_BYTES) {
        return Err(MediaProblem::ImageTooLarge.into());
    }
    let mut data = Vec::with_capacity(declared.unwrap_or(0).min(MAX_IMAGE_BYTES) as usize);
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|_| ApiError::invalid("upload_interrupted", "上传中断，请重试"))?;
        data.extend_from_slice(&chunk);
        let limit =
            sniff(&data[..data.len().min(16)]).map_or(MAX_IMAGE_BYTES, MediaType::max_bytes);
        if data.len() as u64 > limit {
            return Err(precheck(&data[..16], data.len() as u64)
                .err()
                .unwrap_or(MediaProblem::ImageTooLarge)
                .into());
        }
    }
    Ok(data)
}

/// `POST /api/conversations/{id}/attachments?client_id=...`: the raw file as the body; answers with the
/// stored message.
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<UploadQuery>,
    request: axum::extract::Request,
) -> Result<Json<ChatMessage>, ApiError> {
    validate_client_id(&query.client_id)?;
    let conv = chat::visible(&state, &caller, &id).await?;
    if let Some(stored) = state
        .store
        .message_by_client_id(&id, &query.client_id)
        .await?
    {
        return Ok(Json(stored));
    }
    if conv.view.status == bangban_core::protocol::ConversationStatus::Closed {
        return Err(ApiError::conflict("conversation_closed", "会话已结束"));
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let data = read_limited(request.into_body(), declared).await?;
    let checked = check(data).await?;
    let attachment = Attachment {
        id: uuid::Uuid::new_v4().simple().to_string(),
        kind: checked.media.kind(),
        mime: checked.media.mime().to_owned(),
        bytes: checked.bytes.len() as u64,
        width: checked.size.map(|(w, _)| w),
        height: checked.size.map(|(_, h)| h),
        duration_ms: checked.duration_ms,
    };
    let thumb = stash(state.blobs.as_ref(), &attachment.id, checked).await?;
    let text = attachment.summary();
    let new = NewAttachment {
        thumb_mime: thumb.map(|m| m.mime().to_owned()),
        view: attachment.clone(),
    };
    match chat::deliver(&state, &caller, &conv, &query.client_id, &text, Some(new)).await {
        Ok((message, true)) => {
            tracing::info!(conversation = %id, kind = ?attachment.kind, bytes = attachment.bytes, "attachment");
            Ok(Json(message))
        }
        Ok((message, false)) => {
            // The same client id won a race with us: keep its file, drop ours.
            unstash(state.blobs.as_ref(), &attachment.id).await;
            Ok(Json(message))
        }
        Err(e) => {
            unstash(state.blobs.as_ref(), &attachment.id).await;
            Err(e)
        }
    }
}

/// Puts the file and its thumbnail in the blob store and returns the thumbnail's type; on failure removes
/// what got there.
async fn stash(
    blobs: &dyn BlobStore,
    id: &str,
    checked: Checked,
) -> Result<Option<MediaType>, ApiError> {
    blobs.put(id, checked.bytes).await?;
    let Some((bytes, media)) = checked.thumb else {
        return Ok(None);
    };
    if let Err(e) = blobs.put(&thumb_key(id), bytes).await {
        unstash(blobs, id).await;
        return Err(e.into());
    }
    Ok(Some(media))
}

/// Removes a file and its thumbnail; a failure is logged (the start-up sweep gets it later).
async fn unstash(blobs: &dyn BlobStore, id: &str) {
    for key in [id.to_owned(), thumb_key(id)] {
        if let Err(e) = blobs.delete(&key).await {
            tracing::warn!(error = %e, "could not remove an unused upload");
        }
    }
}

fn thumb_key(id: &str) -> String {
    format!("{id}.thumb")
}

/// Query of a download.
#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    /// `1`: save as a file instead of showing it.
    #[serde(default)]
    pub download: Option<String>,
}

/// `GET /api/conversations/{id}/attachments/{attachment}`: the file, to the conversation's participants.
pub async fn file(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, attachment)): Path<(String, String)>,
    Query(query): Query<FileQuery>,
) -> Result<Response, ApiError> {
    serve(
        &state,
        &caller,
        &id,
        &attachment,
        false,
        query.download.is_some(),
    )
    .await
}

/// `GET /api/conversations/{id}/attachments/{attachment}/thumb`: an image's thumbnail.
pub async fn thumb(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    serve(&state, &caller, &id, &attachment, true, false).await
}

async fn serve(
    state: &AppState,
    caller: &Caller,
    conversation: &str,
    attachment: &str,
    thumb: bool,
    download: bool,
) -> Result<Response, ApiError> {
    chat::visible(state, caller, conversation).await?;
    let record = state
        .store
        .attachment(attachment)
        .await?
        .filter(|r| r.conversation == conversation)
        .ok_or(ApiError::NotFound)?;
    let (key, mime) = match (&record.thumb_mime, thumb) {
        (Some(mime), true) => (thumb_key(&record.id), mime.clone()),
        (None, true) => (record.id.clone(), record.mime.clone()),
        (_, false) => (record.id.clone(), record.mime.clone()),
    };
    let bytes = state.blobs.get(&key).await?.ok_or(ApiError::NotFound)?;
    let extension = [
        MediaType::Png,
        MediaType::Jpeg,
        MediaType::Webm,
        MediaType::Ogg,
        MediaType::Mp4,
    ]
    .into_iter()
    .find(|m| m.mime() == mime)
    .map_or("bin", MediaType::extension);
    let short = record.id.get(..8).unwrap_or(&record.id);
    let disposition = format!(
        "{}; filename=\"bangban-{short}.{extension}\"",
        if download { "attachment" } else { "inline" }
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&mime).map_err(anyhow::Error::from)?,
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(anyhow::Error::from)?,
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    Ok(response)
}

/// Removes blobs that no message refers to (left by a crash between storing a file and committing its
/// message). Runs at start, before the server takes uploads; returns how many it removed.
pub async fn sweep(state: &AppState) -> anyhow::Result<usize> {
    let known: HashSet<String> = state.store.attachment_ids().await?.into_iter().collect();
    let mut removed = 0;
    for key in state.blobs.keys().await? {
        let id = key.strip_suffix(".thumb").unwrap_or(&key);
        if !known.contains(id) {
            state.blobs.delete(&key).await?;
            removed += 1;
        }
    }
    if removed > 0 {
        tracing::info!(removed, "removed uploads that no message refers to");
    }
    Ok(removed)
}
