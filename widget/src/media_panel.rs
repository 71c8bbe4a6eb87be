//! The composer's side of screenshots and voice clips: 发送图片, 截取屏幕 and 开始录音 under the text
//! box, and above it the attachment under way (preview, recording, upload progress, failure).

use leptos::html::{Button, Input};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::InputRef;
use crate::human::Human;
use crate::media::{Media, Stage};
use crate::media_capture;
use crate::media_record::mm_ss;
use crate::session::Notice;

/// The types the file picker offers (the bytes decide in the end).
const ACCEPT: &str = "image/png,image/jpeg,image/webp,image/gif";

/// 发送图片, 截取屏幕 (where the browser can capture the screen) and 开始录音, in a live human chat.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn MediaTools() -> impl IntoView {
    let media = expect_context::<Media>();
    let human = expect_context::<Human>();
    let notice = expect_context::<Notice>();
    let picker = NodeRef::<Input>::new();
    let live = Memo::new(move |_| {
        human.conversation.track();
        human.is_live()
    });
    // One closure for the three buttons: one copy of its code in the wasm.
    let busy = move || media.busy();
    let capture = move |_| {
        spawn_local(async move {
            match media_capture::grab().await {
                Ok(Some(png)) => media.offer(png),
                Ok(None) => {}
                Err(reason) => notice.0.set(Some(reason.to_owned())),
            }
        })
    };
    let can_capture = media_capture::available();
    move || {
        live.get().then(|| {
            view! {
                <div class="bb-media-tools">
                    <input
                        type="file"
                        class="bb-sr"
                        tabindex="-1"
                        aria-hidden="true"
                        accept=ACCEPT
                        node_ref=picker
                        on:change=move |_| {
                            if let Some(input) = picker.get_untracked() {
                                media.offer_files(input.files());
                                input.set_value("");
                            }
                        }
                    />
                    <button
                        type="button"
                        class="bb-link"
                        disabled=busy
                        on:click=move |_| {
                            if let Some(input) = picker.get_untracked() {
                                input.click();
                            }
                        }
                    >
                        "发送图片"
                    </button>
                    {can_capture
                        .then(|| {
                            view! {
                                <button type="button" class="bb-link" disabled=busy on:click=capture>
                                    "截取屏幕"
                                </button>
                            }
                        })}
                    <button type="button" class="bb-link" disabled=busy on:click=move |_| media.record()>
                        "开始录音"
                    </button>
                </div>
            }
        })
    }
}

/// The attachment under way, above the text box.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn MediaPanel() -> impl IntoView {
    let media = expect_context::<Media>();
    let human = expect_context::<Human>();
    // A chat that ends (or is left) takes the attachment under way with it, unless it is being sent
    // (the server's answer then says the chat has ended).
    Effect::new(move || {
        human.conversation.track();
        let idle = media
            .stage
            .with_untracked(|s| matches!(s, Stage::Idle | Stage::Uploading));
        if !human.is_live() && !idle {
            media.cancel_recording();
            media.clear();
        }
    });
    move || match media.stage.get() {
        Stage::Idle => ().into_any(),
        Stage::Preview => view! { <Preview/> }.into_any(),
        Stage::Recording => view! { <Recording/> }.into_any(),
        Stage::Uploading => view! {
            <div class="bb-media" role="group" aria-label="正在发送">
                <span>"正在发送…"</span>
                <progress aria-label="上传进度" max="100" value=media.progress></progress>
            </div>
        }
        .into_any(),
        Stage::Failed(reason) => view! { <Failed reason/> }.into_any(),
    }
}

/// The chosen image with 确认发送 and 取消发送; focus goes to 确认发送.
#[component]
fn Preview() -> impl IntoView {
    let media = expect_context::<Media>();
    let input = expect_context::<InputRef>();
    let confirm = focus_on_mount();
    view! {
        <div class="bb-media" role="group" aria-label="图片预览">
            <img class="bb-preview" alt="待发送的图片" src=media.preview/>
            <button type="button" class="bb-send" node_ref=confirm on:click=move |_| media.send()>
                "确认发送"
            </button>
            <button
                type="button"
                class="bb-link"
                on:click=move |_| {
                    media.clear();
                    input.focus();
                }
            >
                "取消发送"
            </button>
        </div>
    }
}

/// 正在录音 with the timer, the level meter, 停止并发送 and 取消录音.
#[component]
fn Recording() -> impl IntoView {
    let media = expect_context::<Media>();
    let input = expect_context::<InputRef>();
    let stop = focus_on_mount();
    view! {
        <div class="bb-media" role="group" aria-label="正在录音">
            <span class="bb-rec" aria-hidden="true"></span>
            <span class="bb-timer" role="timer" aria-label="录音时长">
                {move || mm_ss(media.elapsed_ms.get())}
            </span>
            <meter aria-label="音量" min="0" max="100" value=move || media.level.get()></meter>
            <button type="button" class="bb-send" node_ref=stop on:click=move |_| media.stop_recording()>
                "停止并发送"
            </button>
            <button
                type="button"
                class="bb-link"
                on:click=move |_| {
                    media.cancel_recording();
                    input.focus();
                }
            >
                "取消录音"
            </button>
        </div>
    }
}

/// Why the upload failed, 重试 (same id, stored at most once) and 取消发送.
#[component]
fn Failed(reason: String) -> impl IntoView {
    let media = expect_context::<Media>();
    let input = expect_context::<InputRef>();
    let retry = focus_on_mount();
    view! {
        <div class="bb-media" role="group" aria-label="发送失败">
            <p class="bb-error" role="alert">{format!("发送失败：{reason}")}</p>
            <button type="button" class="bb-retry" node_ref=retry on:click=move |_| media.send()>
                "重试"
            </button>
            <button
                type="button"
                class="bb-link"
                on:click=move |_| {
                    media.clear();
                    input.focus();
                }
            >
                "取消发送"
            </button>
        </div>
    }
}

/// A button that takes focus once it is on the page.
pub(crate) fn focus_on_mount() -> NodeRef<Button> {
    let button = NodeRef::<Button>::new();
    request_animation_frame(move || {
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    });
    button
}
