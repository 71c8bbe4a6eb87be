//! Attachments in a transcript: an image as its thumbnail, which opens a full-size viewer (放大, 缩小, 适合窗口,
//! 下载, 关闭; Escape closes and the focus returns to the thumbnail), and a voice clip as a native player with its
//! length in words and 下载.
//!
//! The files are served by the server to the chat's participants only; the session cookie goes along with
//! `<img src>`, `<audio src>` and the download link, all same-origin.

use bangban_core::media::{Attachment, AttachmentKind, clip_length};
use bangban_core::protocol::SenderKind;
use leptos::html::{Button, Dialog};
use leptos::prelude::*;

use crate::media;

/// An attachment of a stored message, as the transcript (or an earlier chat) shows it.
#[component]
pub(crate) fn AttachmentView(
    /// The chat it belongs to (part of the file's address).
    conversation: String,
    /// The attachment.
    attachment: Attachment,
    /// Who sent it: the image's text alternative names them.
    sender: SenderKind,
) -> impl IntoView {
    match attachment.kind {
        AttachmentKind::Image => view! { <ImageThumb conversation attachment sender/> }.into_any(),
        AttachmentKind::Audio => view! { <AudioClip conversation attachment/> }.into_any(),
    }
}

/// A voice clip: `<audio controls>` named "语音 12 秒", the length as text, and 下载.
#[component]
fn AudioClip(conversation: String, attachment: Attachment) -> impl IntoView {
    let url = attachment.url(&conversation);
    let download = format!("{url}?download=1");
    let length = attachment.duration_ms.map(clip_length);
    view! {
        <div class="clip">
            <audio controls preload="metadata" src=url aria-label=attachment.label()></audio>
            {length.map(|l| view! { <span class="length">{l}</span> })}
            <a class="download" href=download download="">"下载"</a>
        </div>
    }
}

/// The thumbnail, a button that opens the viewer.
#[component]
fn ImageThumb(conversation: String, attachment: Attachment, sender: SenderKind) -> impl IntoView {
    let alt = media::image_alt(sender);
    let size = media::thumb_size(&attachment);
    let (width, height) = (size.map(|s| s.0), size.map(|s| s.1));
    let open = RwSignal::new(false);
    let thumb = NodeRef::<Button>::new();
    let view_alt = alt.clone();
    view! {
        <button type="button" class="thumb" node_ref=thumb on:click=move |_| open.set(true)>
            <img src=attachment.thumb_url(&conversation) alt=alt width=width height=height loading="lazy"/>
        </button>
        <Viewer conversation attachment alt=view_alt open thumb/>
    }
}

/// The full-size image in a modal `<dialog>`: it keeps the focus inside and closes on Escape. The image is
/// only loaded once the viewer is opened.
#[component]
fn Viewer(
    conversation: String,
    attachment: Attachment,
    alt: String,
    open: RwSignal<bool>,
    thumb: NodeRef<Button>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let zoom = RwSignal::new(1.0_f64);
    // The server gives the size; an image without one is measured once it has loaded.
    let natural = RwSignal::new((
        attachment.width.unwrap_or(0),
        attachment.height.unwrap_or(0),
    ));
    Effect::new(move || {
        if open.get() {
            zoom.set(fit_now(natural.get_untracked()));
            if let Some(d) = dialog.get_untracked() {
                let _ = d.show_modal();
            }
        }
    });
    let closed = move |_| {
        open.set(false);
        if let Some(b) = thumb.get_untracked() {
            let _ = b.focus();
        }
    };
    let url = attachment.url(&conversation);
    let download = format!("{url}?download=1");
    let heading = format!("viewer-{}", attachment.id);
    let labelled = heading.clone();
    let style_size = move |side: u32| {
        (side > 0).then(|| format!("{}px", (f64::from(side) * zoom.get()).round()))
    };
    let loaded = move |ev: leptos::ev::Event| {
        let img = event_target::<web_sys::HtmlImageElement>(&ev);
        if natural.get_untracked().0 == 0 {
            natural.set((img.natural_width(), img.natural_height()));
            zoom.set(fit_now(natural.get_untracked()));
        }
    };
    view! {
        <dialog class="viewer" node_ref=dialog aria-labelledby=labelled on:close=closed>
            <div class="viewer-bar">
                <h2 id=heading>{alt.clone()}</h2>
                <ZoomButtons zoom natural/>
                <a class="download" href=download download="">"下载"</a>
                <button type="button" on:click=move |_| close(dialog)>"关闭"</button>
            </div>
            <div class="viewer-stage" tabindex="0" role="group" aria-label="图片区域，可滚动">
                <Show when=move || open.get()>
                    <img
                        src=url.clone()
                        alt=alt.clone()
                        style:width=move || style_size(natural.get().0)
                        style:height=move || style_size(natural.get().1)
                        on:load=loaded
                    />
                </Show>
            </div>
        </dialog>
    }
}

/// 缩小, the zoom in words, 放大 and 适合窗口.
#[component]
fn ZoomButtons(zoom: RwSignal<f64>, natural: RwSignal<(u32, u32)>) -> impl IntoView {
    let smallest = move || zoom.get() <= media::MIN_ZOOM;
    let largest = move || zoom.get() >= media::MAX_ZOOM;
    let step = move |change: fn(f64) -> f64| zoom.update(|z| *z = change(*z));
    view! {
        <button type="button" disabled=smallest on:click=move |_| step(media::zoom_out)>"缩小"</button>
        <output class="zoom" aria-live="polite">{move || media::zoom_text(zoom.get())}</output>
        <button type="button" disabled=largest on:click=move |_| step(media::zoom_in)>"放大"</button>
        <button type="button" on:click=move |_| zoom.set(fit_now(natural.get_untracked()))>
            "适合窗口"
        </button>
    }
}

/// The zoom that fits the image in the window now (the viewer takes most of it).
fn fit_now((width, height): (u32, u32)) -> f64 {
    let window = window();
    let size =
        |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(800.0);
    let room_w = size(window.inner_width()) * 0.9 - 48.0;
    let room_h = size(window.inner_height()) * 0.9 - 120.0;
    media::fit_zoom(width, height, room_w.max(100.0), room_h.max(100.0))
}

/// Closes the dialog; its `close` event does the rest.
fn close(dialog: NodeRef<Dialog>) {
    if let Some(d) = dialog.get_untracked() {
        d.close();
    }
}
