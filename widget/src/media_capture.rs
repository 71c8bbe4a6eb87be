//! 截取屏幕: one frame of a screen, window or tab the citizen picks (`getDisplayMedia`), as a PNG.
//!
//! Phones have no `getDisplayMedia`; the button is then not shown at all.

use futures::channel::oneshot;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, DisplayMediaStreamConstraints, HtmlCanvasElement,
    HtmlVideoElement, MediaStream, MediaStreamTrack,
};

/// Shown when the screen cannot be captured (not when the citizen cancelled the browser's picker).
pub(crate) const CAPTURE_FAILED: &str = "无法截取屏幕，您可以截图后粘贴，或选择图片发送";

/// Whether this browser can capture the screen.
pub(crate) fn available() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .is_some_and(|d| {
            js_sys::Reflect::has(&d, &JsValue::from_str("getDisplayMedia")).unwrap_or(false)
        })
}

/// Lets the citizen pick a screen and grabs one frame of it. `Ok(None)`: the citizen cancelled.
pub(crate) async fn grab() -> Result<Option<Blob>, &'static str> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or(CAPTURE_FAILED)?;
    let constraints = DisplayMediaStreamConstraints::new();
    constraints.set_video(&JsValue::TRUE);
    let promise = devices
        .get_display_media_with_constraints(&constraints)
        .map_err(|_| CAPTURE_FAILED)?;
    let stream: MediaStream = match JsFuture::from(promise).await {
        Ok(stream) => stream.unchecked_into(),
        Err(e) if error_name(&e) == "NotAllowedError" => return Ok(None),
        Err(_) => return Err(CAPTURE_FAILED),
    };
    let frame = frame_of(&stream).await;
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
    frame.map(Some).ok_or(CAPTURE_FAILED)
}

/// The first frame of `stream` as a PNG.
async fn frame_of(stream: &MediaStream) -> Option<Blob> {
    let document = web_sys::window()?.document()?;
    let video: HtmlVideoElement = document.create_element("video").ok()?.unchecked_into();
    video.set_muted(true);
    video.set_src_object(Some(stream));
    JsFuture::from(video.play().ok()?).await.ok()?;
    // `play` resolves when playback starts; give the first frame a moment to be painted.
    TimeoutFuture::new(200).await;
    let (width, height) = (video.video_width(), video.video_height());
    if width == 0 || height == 0 {
        return None;
    }
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.unchecked_into();
    context
        .draw_image_with_html_video_element(&video, 0.0, 0.0)
        .ok()?;
    video.set_src_object(None);
    let (tx, rx) = oneshot::channel::<Option<Blob>>();
    let done = Closure::once_into_js(move |blob: Option<Blob>| {
        let _ = tx.send(blob);
    });
    canvas
        .to_blob_with_type(done.unchecked_ref(), "image/png")
        .ok()?;
    rx.await.ok()?
}

fn error_name(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}
