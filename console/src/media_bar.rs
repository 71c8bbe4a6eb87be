//! Under the reply box: 发送图片 and 开始录音, and the tray of the file being sent (preview, 确认发送 /
//! 取消发送, 上传进度, the reason of a failure and 重试).

use leptos::html::{Button, Input};
use leptos::prelude::*;

use crate::media::BUSY;
use crate::media_record::Recorder;
use crate::media_send::{Phase, Tray, focus_reply};

/// The media controls of the open chat.
#[component]
pub(crate) fn MediaBar(
    /// The open chat's tray.
    tray: Tray,
) -> impl IntoView {
    view! {
        <div class="media-bar" role="group" aria-label="图片和语音">
            <ImagePicker tray/>
            <Recorder tray/>
        </div>
        <Show when=move || tray.refusal.with(Option::is_some)>
            <p class="error media-refusal" role="alert">{move || tray.refusal.get()}</p>
        </Show>
        <TrayView tray/>
    }
}

/// 发送图片: a button that opens the (hidden) file picker.
#[component]
fn ImagePicker(tray: Tray) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let open = move |_| {
        if !untrack(|| tray.free()) {
            tray.refusal.set(Some(BUSY.to_owned()));
        } else if let Some(i) = input.get_untracked() {
            i.click();
        }
    };
    let chosen = move |_| {
        let Some(i) = input.get_untracked() else {
            return;
        };
        let file = i.files().and_then(|f| f.get(0));
        // Cleared, so choosing the same file again is a change too.
        i.set_value("");
        if let Some(file) = file {
            tray.take_image(file.into());
        }
    };
    view! {
        <button type="button" disabled=move || tray.closed() || tray.recording.get() on:click=open>
            "发送图片"
        </button>
        <input
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            hidden
            tabindex="-1"
            node_ref=input
            on:change=chosen
        />
    }
}

/// The file on its way: what it is, then the step it is at.
#[component]
fn TrayView(tray: Tray) -> impl IntoView {
    let step = Memo::new(move |_| match tray.phase.get() {
        Phase::Idle => 0,
        Phase::Checking => 1,
        Phase::Confirm => 2,
        Phase::Uploading(_) => 3,
        Phase::Failed(..) => 4,
    });
    let controls = move || match step.get() {
        1 => view! { <span role="status">"正在检查图片…"</span> }.into_any(),
        2 => view! { <Confirm tray/> }.into_any(),
        3 => view! { <Progress tray/> }.into_any(),
        _ => view! { <Failure tray/> }.into_any(),
    };
    let preview = move || {
        tray.preview
            .get()
            .map(|url| view! { <img class="preview" src=url alt="待发送的图片"/> })
    };
    view! {
        <Show when=move || step.get() != 0>
            <div class="media-tray" role="group" aria-label="待发送的文件">
                {preview}
                <span class="what">{move || tray.what.get()}</span>
                {controls}
            </div>
        </Show>
    }
}

/// 确认发送 (focused, so Enter sends) and 取消发送.
#[component]
fn Confirm(tray: Tray) -> impl IntoView {
    let confirm = NodeRef::<Button>::new();
    confirm.on_load(|b| {
        let _ = b.focus();
    });
    let send = move |_| {
        focus_reply();
        tray.send();
    };
    let cancel = move |_| {
        focus_reply();
        tray.forget();
    };
    view! {
        <button type="button" class="primary" node_ref=confirm on:click=send>"确认发送"</button>
        <button type="button" on:click=cancel>"取消发送"</button>
    }
}

/// 上传进度 as a progress bar and in words.
#[component]
fn Progress(tray: Tray) -> impl IntoView {
    let percent = move || match tray.phase.get() {
        Phase::Uploading(share) => (share * 100.0).round().clamp(0.0, 100.0) as u32,
        _ => 100,
    };
    view! {
        <progress max="100" value=percent aria-label="上传进度"></progress>
        <span class="percent">"正在发送 " {percent} "%"</span>
    }
}

/// Why it failed, 重试 when it may help, and 取消发送.
#[component]
fn Failure(tray: Tray) -> impl IntoView {
    let failure = move || match tray.phase.get() {
        Phase::Failed(message, retry) => (message, retry),
        _ => (String::new(), false),
    };
    let cancel = move |_| {
        focus_reply();
        tray.forget();
    };
    view! {
        <p class="error" role="alert">{move || failure().0}</p>
        <Show when=move || failure().1>
            <button type="button" class="primary" on:click=move |_| tray.send()>"重试"</button>
        </Show>
        <button type="button" on:click=cancel>"取消发送"</button>
    }
}

/// The hint shown while files are dragged over the chat.
#[component]
pub(crate) fn DropHint(
    /// The open chat's tray.
    tray: Tray,
) -> impl IntoView {
    view! {
        <Show when=move || tray.dragging.get()>
            <p class="drop-hint" aria-hidden="true">"松开鼠标即可添加图片"</p>
        </Show>
    }
}
