//! Sending a screenshot or a voice clip from the open chat: the tray that holds the file while it is checked,
//! previewed (确认发送 / 取消发送), uploaded (上传进度) and, after a failure, retried with the same client id
//! (重试), so a retry never stores the file twice.
//!
//! Files come from 发送图片 (a file picker), a paste into the reply box, a drop onto the chat, or the recorder.

use bangban_core::media::{AttachmentKind, MediaProblem};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DataTransfer, DragEvent, Node};

use crate::format;
use crate::media::{self, BUSY};
use crate::media_upload;
use crate::state::{Workspace, now_ms};

/// Where the file in the tray stands.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Phase {
    /// Nothing in the tray.
    Idle,
    /// Reading and decoding a chosen image.
    Checking,
    /// An image waits for 确认发送 or 取消发送.
    Confirm,
    /// On its way; the share sent so far (0.0 to 1.0).
    Uploading(f64),
    /// Refused or lost; the Chinese reason, and whether 重试 may help.
    Failed(String, bool),
}

/// The file in the tray: its bytes, the client id it keeps across retries, and its object URL (images).
#[derive(Clone)]
struct Pending {
    blob: Blob,
    client_id: String,
    preview: Option<String>,
}

/// The open chat's tray; `Copy`, created once per chat shown.
#[derive(Clone, Copy)]
pub(crate) struct Tray {
    ws: Workspace,
    chat: StoredValue<String>,
    pending: StoredValue<Option<Pending>, LocalStorage>,
    /// Where the file stands.
    pub(crate) phase: RwSignal<Phase>,
    /// Object URL of the image being sent, for the preview.
    pub(crate) preview: RwSignal<Option<String>>,
    /// "图片 · 245 KB", "语音 12 秒".
    pub(crate) what: RwSignal<String>,
    /// Why a file was not taken (type, size, pixels), shown until the next try.
    pub(crate) refusal: RwSignal<Option<String>>,
    /// Whether the recorder is on (no file may be taken meanwhile).
    pub(crate) recording: RwSignal<bool>,
    /// Whether files are being dragged over the chat.
    pub(crate) dragging: RwSignal<bool>,
}

impl Tray {
    /// An empty tray for the chat `id`; the preview URL is freed when the chat is no longer shown.
    pub(crate) fn new(ws: Workspace, id: String) -> Self {
        let tray = Tray {
            ws,
            chat: StoredValue::new(id),
            pending: StoredValue::new_local(None),
            phase: RwSignal::new(Phase::Idle),
            preview: RwSignal::new(None),
            what: RwSignal::new(String::new()),
            refusal: RwSignal::new(None),
            recording: RwSignal::new(false),
            dragging: RwSignal::new(false),
        };
        on_cleanup(move || tray.forget());
        tray
    }

    /// Whether a new file may come in: nothing is being sent or recorded (an unconfirmed image is replaced).
    pub(crate) fn free(self) -> bool {
        !self.recording.get() && matches!(self.phase.get(), Phase::Idle | Phase::Confirm)
    }

    /// Whether the chat is closed to the agent, tracked.
    pub(crate) fn closed(self) -> bool {
        self.chat
            .with_value(|id| crate::chat::is_closed(self.ws, id))
    }

    /// Takes an image (picker, paste, drop): checks it, then shows it for 确认发送.
    pub(crate) fn take_image(self, blob: Blob) {
        if !self.free_untracked() {
            self.refusal.set(Some(BUSY.to_owned()));
            return;
        }
        self.forget();
        self.refusal.set(None);
        self.phase.set(Phase::Checking);
        spawn_local(async move {
            match media_upload::check_image(&blob).await {
                Ok(url) => {
                    self.what.try_set(media::describe(
                        AttachmentKind::Image,
                        blob.size() as u64,
                        None,
                    ));
                    if self.hold(blob, Some(url.clone())) {
                        self.preview.try_set(Some(url));
                        self.phase.try_set(Phase::Confirm);
                    } else {
                        // The chat was closed meanwhile: nothing holds the preview any more.
                        media_upload::revoke(&url);
                    }
                }
                Err(problem) => self.refuse(problem),
            }
        });
    }

    /// Takes a finished recording and sends it at once.
    pub(crate) fn take_clip(self, blob: Blob, duration_ms: u64) {
        self.forget();
        self.refusal.try_set(None);
        spawn_local(async move {
            match media_upload::precheck(&blob).await {
                Ok(t) if t.kind() == AttachmentKind::Audio => {
                    let what = media::describe(
                        AttachmentKind::Audio,
                        blob.size() as u64,
                        Some(duration_ms),
                    );
                    self.what.try_set(what);
                    if self.hold(blob, None) {
                        self.send();
                    }
                }
                Ok(_) => self.refuse(MediaProblem::BrokenAudio),
                Err(problem) => self.refuse(problem),
            }
        });
    }

    fn free_untracked(self) -> bool {
        untrack(|| self.free())
    }

    /// Keeps the file with a fresh client id; `false` when the tray is gone (the chat is no longer shown).
    fn hold(self, blob: Blob, preview: Option<String>) -> bool {
        let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        let client_id = format::client_id(now_ms(), random);
        let pending = Pending {
            blob,
            client_id,
            preview,
        };
        self.pending.try_set_value(Some(pending)).is_none()
    }

    /// Whether a recording may start: the tray is empty (an image waiting for 确认发送 is not dropped).
    pub(crate) fn empty(self) -> bool {
        !self.recording.get() && self.phase.with(|p| *p == Phase::Idle)
    }

    fn refuse(self, problem: MediaProblem) {
        self.phase.try_set(Phase::Idle);
        self.refusal.try_set(Some(problem.message().to_owned()));
    }

    /// 确认发送 and 重试: uploads the held file with its client id; the stored message joins the transcript.
    pub(crate) fn send(self) {
        let Some(pending) = self.pending.try_get_value().flatten() else {
            return;
        };
        let Some(id) = self.chat.try_get_value() else {
            return;
        };
        let url = media::upload_url(&id, &pending.client_id);
        self.phase.try_set(Phase::Uploading(0.0));
        let phase = self.phase;
        spawn_local(async move {
            let progress = move |share: f64| {
                phase.try_set(Phase::Uploading(share));
            };
            match media_upload::upload(&url, &pending.blob, progress).await {
                Ok(message) => {
                    self.ws.update_transcript(&id, |t| t.insert(message));
                    self.forget();
                }
                Err(e) => {
                    let retry = media::worth_retrying(e.status);
                    phase.try_set(Phase::Failed(e.message, retry));
                }
            }
        });
    }

    /// 取消发送, or the upload finished: empties the tray and frees the preview.
    pub(crate) fn forget(self) {
        if let Some(Some(p)) = self.pending.try_update_value(Option::take) {
            p.preview.as_deref().map(media_upload::revoke);
        }
        self.preview.try_set(None);
        self.phase.try_set(Phase::Idle);
    }

    /// A paste into the reply box: an image on the clipboard goes to the tray (text pastes as usual).
    pub(crate) fn paste(self, ev: web_sys::ClipboardEvent) {
        if let Some(file) = ev.clipboard_data().and_then(|d| first_file(&d)) {
            ev.prevent_default();
            self.take_image(file);
        }
    }

    /// Files dragged over the chat: allow the drop and show the hint.
    pub(crate) fn drag_over(self, ev: DragEvent) {
        if carries_files(&ev) && !self.closed_untracked() {
            ev.prevent_default();
            self.dragging.set(true);
        }
    }

    /// The drag left the chat.
    pub(crate) fn drag_leave(self, ev: DragEvent) {
        // `dragleave` also fires when moving onto a child; only leaving the area itself counts.
        let area = ev.current_target().and_then(|t| t.dyn_into::<Node>().ok());
        let to = ev.related_target().and_then(|t| t.dyn_into::<Node>().ok());
        let inside = matches!((area, to), (Some(area), Some(to)) if area.contains(Some(&to)));
        if !inside {
            self.dragging.set(false);
        }
    }

    /// Files dropped on the chat: the first goes to the tray.
    pub(crate) fn drop_files(self, ev: DragEvent) {
        self.dragging.set(false);
        if !carries_files(&ev) || self.closed_untracked() {
            return;
        }
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| first_file(&d)) {
            self.take_image(file);
        }
    }

    fn closed_untracked(self) -> bool {
        untrack(|| self.closed())
    }
}

/// The first file of a paste or a drop.
fn first_file(data: &DataTransfer) -> Option<Blob> {
    data.files()?.get(0).map(Into::into)
}

/// Whether a drag carries files (not text being moved within the page).
pub(crate) fn carries_files(ev: &DragEvent) -> bool {
    ev.data_transfer()
        .is_some_and(|d| d.types().includes(&"Files".into(), 0))
}

/// Puts the focus back in the reply box, when the control that had it goes away (确认发送, 停止并发送).
pub(crate) fn focus_reply() {
    if let Some(el) = document()
        .get_element_by_id("reply-text")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
