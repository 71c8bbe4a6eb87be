//! Moving attachment bytes: the upload (with progress) and the authenticated download of a stored file.
//!
//! `fetch` cannot report upload progress, so the upload uses `XMLHttpRequest` and its `upload` progress
//! events. Downloads carry the bearer token, which `<img src>` cannot, so the bytes are fetched and shown
//! through an object URL (the caller revokes it).

use std::cell::Cell;
use std::rc::Rc;

use bangban_core::media::{AttachmentKind, MediaProblem};
use bangban_core::protocol::{ChatMessage, ErrorBody, ServerFrame};
use futures::channel::oneshot;
use gloo_net::http::Method;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, Url, XmlHttpRequest};

use crate::api::{self, NETWORK_FAILED};

/// Uploads `blob` as an attachment of `conversation` under `client_id` (the same id again returns the
/// same stored message). `progress` gets the share sent, in per cent. `Err` is the Chinese reason.
pub(crate) async fn upload(
    conversation: &str,
    client_id: &str,
    kind: AttachmentKind,
    blob: &Blob,
    progress: impl Fn(u8) + 'static,
) -> Result<ChatMessage, String> {
    let token = api::visitor_token().await.map_err(|e| e.message())?;
    let url = format!(
        "/api/conversations/{}/attachments?client_id={}",
        js_sys::encode_uri_component(conversation),
        js_sys::encode_uri_component(client_id),
    );
    let network = |_| NETWORK_FAILED.to_owned();
    let xhr = XmlHttpRequest::new().map_err(network)?;
    xhr.open_with_async("POST", &url, true).map_err(network)?;
    xhr.set_request_header("Authorization", &format!("Bearer {token}"))
        .map_err(network)?;
    let (done_tx, done_rx) = oneshot::channel::<()>();
    let done_tx = Rc::new(Cell::new(Some(done_tx)));
    let on_end = Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = done_tx.take() {
            let _ = tx.send(());
        }
    });
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            progress((ev.loaded() * 100.0 / ev.total()).clamp(0.0, 100.0) as u8);
        }
    });
    let sender = xhr.upload().map_err(network)?;
    sender.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    xhr.send_with_opt_blob(Some(blob)).map_err(network)?;
    let _ = done_rx.await;
    // No event can come after `loadend`; detach before the closures are dropped all the same.
    sender.set_onprogress(None);
    xhr.set_onloadend(None);
    let status = xhr.status().unwrap_or(0);
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    decode(status, &body, kind)
}

/// The stored message of a 2xx answer, or the Chinese reason of any other.
pub(crate) fn decode(status: u16, body: &str, kind: AttachmentKind) -> Result<ChatMessage, String> {
    if (200..300).contains(&status) {
        // Read as the socket's `message` frame: the wasm already has that decoder, and a second one
        // for a bare `ChatMessage` would cost ~5 KB.
        let frame = format!(r#"{{"type":"message","message":{body}}}"#);
        return match serde_json::from_str(&frame) {
            Ok(ServerFrame::Message { message }) => Ok(message),
            _ => Err(NETWORK_FAILED.to_owned()),
        };
    }
    if let Ok(error) = serde_json::from_str::<ErrorBody>(body) {
        return Err(error.message);
    }
    // A body limit in front of the handler may answer without our envelope.
    Err(match (status, kind) {
        (413, AttachmentKind::Image) => MediaProblem::ImageTooLarge.message().to_owned(),
        (413, AttachmentKind::Audio) => MediaProblem::AudioTooLarge.message().to_owned(),
        _ => NETWORK_FAILED.to_owned(),
    })
}

/// Fetches `path` with the visitor token; an object URL of the bytes, which the caller must revoke.
pub(crate) async fn object_url(path: &str) -> Option<String> {
    let response = api::send(Method::GET, path, None, &[]).await.ok()?;
    if !response.ok() {
        return None;
    }
    let raw = web_sys::Response::from(response);
    let blob = JsFuture::from(raw.blob().ok()?).await.ok()?;
    Url::create_object_url_with_blob(blob.unchecked_ref()).ok()
}

/// Frees an object URL made by [`object_url`] or for a preview.
pub(crate) fn revoke(url: &str) {
    let _ = Url::revoke_object_url(url);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_become_the_message_or_the_servers_reason() {
        let stored = r#"{"conversation":"c1","seq":4,"client_id":"w1","sender":"citizen","author":null,
            "text":"[图片]","at_ms":1,"attachment":{"id":"a1","kind":"image","mime":"image/png","bytes":9}}"#;
        let message = decode(200, stored, AttachmentKind::Image).unwrap();
        assert_eq!(message.attachment.unwrap().id, "a1");
        let refused = r#"{"code":"unsupported_type","message":"此文件类型不支持"}"#;
        assert_eq!(
            decode(415, refused, AttachmentKind::Image),
            Err("此文件类型不支持".to_owned())
        );
        assert_eq!(
            decode(413, "length limit exceeded", AttachmentKind::Audio),
            Err(MediaProblem::AudioTooLarge.message().to_owned())
        );
        assert_eq!(
            decode(0, "", AttachmentKind::Image),
            Err(NETWORK_FAILED.to_owned())
        );
    }
}
