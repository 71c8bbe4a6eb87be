//! The input at the bottom: a text box (Enter sends, Shift+Enter breaks the line) and 发送; in a human
//! chat also images (picked, pasted into the text box, dropped anywhere on the widget, or captured)
//! and voice clips (see [`crate::media`]).

use leptos::ev::{self, ClipboardEvent, DragEvent, KeyboardEvent, SubmitEvent};
use leptos::prelude::*;

use crate::app::InputRef;
use crate::bot_ctl::Bot;
use crate::human::Human;
use crate::media::Media;
use crate::media_panel::{MediaPanel, MediaTools};
use crate::session::{self, Notice};

/// The text box and the send button, with the error line above them.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn Composer() -> impl IntoView {
    let bot = expect_context::<Bot>();
    let human = expect_context::<Human>();
    let notice = expect_context::<Notice>();
    let input = expect_context::<InputRef>();
    let text = RwSignal::new(String::new());
    let media = Media::new(human, notice, input);
    provide_context(media);
    accept_drops(media, human);
    // A pasted screenshot (Ctrl+V, or paste from the long-press menu) goes to the preview.
    let on_paste = move |ev: ClipboardEvent| {
        let files = ev.clipboard_data().and_then(|d| d.files());
        if human.is_live() && media.offer_files(files) {
            ev.prevent_default();
        }
    };
    let send = move || match session::submit(bot, human, text.get_untracked()) {
        Ok(()) => {
            text.set(String::new());
            notice.0.set(None);
        }
        Err(reason) => notice.0.set(Some(reason)),
    };
    let on_key = move |ev: KeyboardEvent| {
        // While an input method is composing Chinese, Enter picks a candidate: it must not send.
        let composing = ev.is_composing() || ev.key_code() == 229;
        if ev.key() == "Enter" && !ev.shift_key() && !composing {
            ev.prevent_default();
            send();
        }
    };
    view! {
        <form class="bb-composer" on:submit=move |ev: SubmitEvent| {
            ev.prevent_default();
            send();
        }>
            {move || notice.0.get().map(|n| view! { <p class="bb-error" role="alert">{n}</p> })}
            <MediaPanel/>
            <div class="bb-row">
                <textarea
                    node_ref=input.0
                    aria-label="请输入您的问题"
                    placeholder="请输入您的问题"
                    rows="2"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        if !value.trim().is_empty() {
                            human.typing();
                        }
                        text.set(value);
                    }
                    on:keydown=on_key
                    on:paste=on_paste
                ></textarea>
                <button type="submit" class="bb-send">"发送"</button>
            </div>
            <MediaTools/>
        </form>
    }
}

/// An image file dropped anywhere on the widget goes to the preview in a live human chat. Files are
/// never let through to the browser, which would open them in place of the widget.
fn accept_drops(media: Media, human: Human) {
    let has_files = |ev: &DragEvent| {
        ev.data_transfer()
            .is_some_and(|d| d.types().includes(&"Files".into(), 0))
    };
    let over = window_event_listener(ev::dragover, move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(ev::drop, move |ev| {
        if !has_files(&ev) {
            return;
        }
        ev.prevent_default();
        if human.is_live() {
            media.offer_files(ev.data_transfer().and_then(|d| d.files()));
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
}
