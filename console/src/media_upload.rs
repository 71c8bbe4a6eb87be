//! The browser side of sending a file: read its first bytes, decode an image for its size, and upload the raw
//! bytes with `XMLHttpRequest` (fetch cannot report upload progress).
//!
//! `POST /api/conversations/{id}/attachments?client_id=` takes the bytes as the body; the server decides the
//! type by the bytes and answers with the stored `ChatMessage`, or the usual error envelope.

use bangban_core::media::{self, AttachmentKind, MediaProblem, MediaType};
use bangban_core::protocol::{ChatMessage, ErrorBody};
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, HtmlImageElement, ProgressEvent, Url, XmlHttpRequest};

/// The upload failed: the HTTP status (0 when the server was not reached) and the Chinese message to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UploadError {
    /// HTTP status; 0 for network failures.
    pub(crate) status: u16,
    /// What the agent reads.
    pub(crate) message: String,
}

const NETWORK: &str = "网络连接失败，文件未发送，请重试";

/// The first 16 bytes of `blob` (fewer if it is shorter).
async fn head(blob: &Blob) -> Result<Vec<u8>, JsValue> {
    let size = blob.size().min(16.0);
    let first = blob.slice_with_f64_and_f64(0.0, size)?;
    let buffer = JsFuture::from(first.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The browser's check before upload: type by the bytes and the size limit of that type (`core::media`).
pub(crate) async fn precheck(blob: &Blob) -> Result<MediaType, MediaProblem> {
    let head = head(blob).await.map_err(|_| MediaProblem::Empty)?;
    media::precheck(&head, blob.size() as u64)
}

/// Checks a file meant as an image: precheck, then decode it for the pixel count. Returns an object URL of it
/// for the preview (revoke it with [`revoke`]).
pub(crate) async fn check_image(blob: &Blob) -> Result<String, MediaProblem> {
    let media = precheck(blob).await?;
    if media.kind() != AttachmentKind::Image {
        return Err(MediaProblem::UnsupportedType);
    }
    let url = Url::create_object_url_with_blob(blob).map_err(|_| MediaProblem::BrokenImage)?;
    match decoded_size(&url).await {
        Some((w, h)) => match crate::media::check_pixels(w, h) {
            Ok(()) => Ok(url),
            Err(problem) => {
                revoke(&url);
                Err(problem)
            }
        },
        None => {
            revoke(&url);
            Err(MediaProblem::BrokenImage)
        }
    }
}

/// The decoded size of the image at `url`, or `None` when the browser cannot decode it.
async fn decoded_size(url: &str) -> Option<(u32, u32)> {
    let img = HtmlImageElement::new().ok()?;
    img.set_src(url);
    JsFuture::from(img.decode()).await.ok()?;
    Some((img.natural_width(), img.natural_height()))
}

/// Frees an object URL made for a preview.
pub(crate) fn revoke(url: &str) {
    let _ = Url::revoke_object_url(url);
}

/// Uploads `blob` to `url`, calling `progress` with the share sent so far (0.0 to 1.0).
pub(crate) async fn upload(
    url: &str,
    blob: &Blob,
    progress: impl Fn(f64) + 'static,
) -> Result<ChatMessage, UploadError> {
    let network = || UploadError {
        status: 0,
        message: NETWORK.to_owned(),
    };
    let xhr = XmlHttpRequest::new().map_err(|_| network())?;
    xhr.open_with_async("POST", url, true)
        .map_err(|_| network())?;
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            progress(ev.loaded() / ev.total());
        }
    });
    let upload = xhr.upload().map_err(|_| network())?;
    upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    // `loadend` follows every outcome (load, error, abort, timeout), so one promise covers them all.
    let done = Promise::new(&mut |resolve, _reject| xhr.set_onloadend(Some(&resolve)));
    let sent = xhr.send_with_opt_blob(Some(blob));
    if sent.is_ok() {
        let _ = JsFuture::from(done).await;
    }
    upload.set_onprogress(None);
    xhr.set_onloadend(None);
    drop(on_progress);
    sent.map_err(|_| network())?;
    answer(&xhr).ok_or_else(network)?
}

/// Reads the finished request: `None` when it never reached the server.
fn answer(xhr: &XmlHttpRequest) -> Option<Result<ChatMessage, UploadError>> {
    let status = xhr.status().ok().filter(|&s| s != 0)?;
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&status) {
        return Some(serde_json::from_str(&body).map_err(|_| UploadError {
            status,
            message: "服务器的回答无法识别".to_owned(),
        }));
    }
    let message = serde_json::from_str::<ErrorBody>(&body)
        .map(|e| e.message)
        .unwrap_or_else(|_| format!("服务器错误（{status}），请稍后重试"));
    Some(Err(UploadError { status, message }))
}
