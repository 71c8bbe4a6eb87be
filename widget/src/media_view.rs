//! Screenshots and voice clips in the transcript: an image as its thumbnail (a button that opens the
//! full image over the chat, closed with 关闭 or Escape), a clip as an audio player.
//!
//! The files need the visitor's bearer token, which `<img src>` cannot send, so they are fetched and
//! shown through object URLs. A URL is shared by the views that show the same file and revoked shortly
//! after the last one unmounts (the grace period spares a second download when a view comes back). A
//! line is not re-created when the agent reads it (`chat::Row::key`), so a clip that plays goes on.

use std::cell::RefCell;
use std::time::Duration;

use bangban_core::media::{Attachment, AttachmentKind, THUMB_SIDE};
use leptos::ev::KeyboardEvent;
use leptos::html::Button;
use leptos::portal::Portal;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::human::Human;
use crate::media_panel::focus_on_mount;
use crate::media_upload::{object_url, revoke};

/// How long an unused object URL is kept for a view that comes back.
const GRACE: Duration = Duration::from_secs(3);

/// An object URL in use: the file's path, the URL once fetched, and the number of views using it.
struct Shared {
    path: String,
    url: ArcRwSignal<Option<String>>,
    users: usize,
}

thread_local! {
    // A chat holds a handful of attachments: a list is enough (and smaller in the wasm than a map).
    static URLS: RefCell<Vec<Shared>> = const { RefCell::new(Vec::new()) };
}

/// The object URL of the file at `path` (`None` until it is fetched), released when the calling
/// component unmounts.
fn use_object_url(path: String) -> RwSignal<Option<String>> {
    let (url, fresh) = URLS
        .with_borrow_mut(|urls| {
            let fresh = !urls.iter().any(|s| s.path == path);
            if fresh {
                urls.push(Shared {
                    path: path.clone(),
                    url: ArcRwSignal::new(None),
                    users: 0,
                });
            }
            let shared = urls.iter_mut().find(|s| s.path == path)?;
            shared.users += 1;
            Some((shared.url.clone(), fresh))
        })
        .unwrap_or_else(|| (ArcRwSignal::new(None), false));
    if fresh {
        let (path, url) = (path.clone(), url.clone());
        spawn_local(async move {
            let Some(fetched) = object_url(&path).await else {
                return;
            };
            let current = URLS.with_borrow(|u| u.iter().any(|s| s.path == path && s.url == url));
            if current {
                url.set(Some(fetched));
            } else {
                revoke(&fetched);
            }
        });
    }
    on_cleanup(move || release(path));
    RwSignal::from(url)
}

fn release(path: String) {
    URLS.with_borrow_mut(|urls| {
        if let Some(shared) = urls.iter_mut().find(|s| s.path == path) {
            shared.users = shared.users.saturating_sub(1);
        }
    });
    set_timeout(
        move || {
            let unused = URLS.with_borrow_mut(|urls| {
                let at = urls.iter().position(|s| s.path == path && s.users == 0)?;
                Some(urls.swap_remove(at))
            });
            if let Some(url) = unused.and_then(|s| s.url.get_untracked()) {
                revoke(&url);
            }
        },
        GRACE,
    );
}

/// A screenshot or voice clip of the chat shown.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn AttachmentView(
    /// What the message carries.
    attachment: Attachment,
) -> impl IntoView {
    let conversation = expect_context::<Human>().current_id().unwrap_or_default();
    match attachment.kind {
        AttachmentKind::Image => view! { <Thumbnail attachment conversation/> }.into_any(),
        AttachmentKind::Audio => {
            let src = use_object_url(attachment.url(&conversation));
            view! {
                <audio
                    class="bb-clip"
                    controls
                    preload="metadata"
                    aria-label=attachment.label()
                    src=src
                ></audio>
            }
            .into_any()
        }
    }
}

/// The thumbnail; a click (or Enter) opens the full image.
#[component]
fn Thumbnail(attachment: Attachment, conversation: String) -> impl IntoView {
    let src = use_object_url(attachment.thumb_url(&conversation));
    let full = attachment.url(&conversation);
    let label = attachment.label();
    let (width, height) = thumb_size(attachment.width, attachment.height);
    let open = RwSignal::new(false);
    let button = NodeRef::<Button>::new();
    let close = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    view! {
        <button
            type="button"
            class="bb-thumb"
            node_ref=button
            aria-label=format!("查看大图：{label}")
            on:click=move |_| open.set(true)
        >
            <img alt=label.clone() src=src width=width height=height/>
        </button>
        {move || open.get().then(|| view! { <Viewer path=full.clone() label=label.clone() close/> })}
    }
}

/// The full image over the whole widget: 关闭, Escape or a click beside the image closes it.
#[component]
fn Viewer(
    path: String,
    label: String,
    close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let src = use_object_url(path);
    let button = focus_on_mount();
    // Listeners sit on their element (no delegation), so Escape stops here and does not also close
    // the whole widget (`host::close_on_escape` listens on the window).
    let on_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.stop_propagation();
            close();
        }
        // 关闭 is the only control: focus stays in the dialog.
        "Tab" => ev.prevent_default(),
        _ => {}
    };
    view! {
        <Portal>
            <div
                class="bb-viewer"
                role="dialog"
                aria-modal="true"
                aria-label="查看大图"
                on:keydown=on_key
                on:click=move |_| close()
            >
                <img alt=label.clone() src=src/>
                <button type="button" class="bb-viewer-close" node_ref=button>
                    "关闭"
                </button>
            </div>
        </Portal>
    }
}

/// The size a thumbnail is shown at (the server's, at most [`THUMB_SIDE`] on the longer side), so the
/// transcript does not jump when it arrives.
pub(crate) fn thumb_size(width: Option<u32>, height: Option<u32>) -> (Option<u32>, Option<u32>) {
    let (Some(w), Some(h)) = (width, height) else {
        return (None, None);
    };
    let longest = w.max(h).max(1);
    if longest <= THUMB_SIDE {
        return (Some(w), Some(h));
    }
    let scale = |side: u32| (u64::from(side) * u64::from(THUMB_SIDE) / u64::from(longest)).max(1);
    (Some(scale(w) as u32), Some(scale(h) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbnails_keep_the_shape_within_the_limit() {
        assert_eq!(thumb_size(Some(1920), Some(1080)), (Some(320), Some(180)));
        assert_eq!(thumb_size(Some(100), Some(4000)), (Some(8), Some(320)));
        assert_eq!(thumb_size(Some(200), Some(100)), (Some(200), Some(100)));
        assert_eq!(thumb_size(None, Some(100)), (None, None));
    }
}
