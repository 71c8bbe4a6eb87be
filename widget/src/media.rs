//! Screenshots and voice clips from the citizen, in a human chat: one attachment at a time goes from
//! chosen (picked, pasted, dropped, captured or recorded) to checked, previewed, uploaded and stored.
//!
//! Every file is checked here before it is sent, by its first bytes and size (`core::media::precheck`)
//! and, for images, by its pixel count; the server checks again. An upload that fails keeps its
//! `client_id`, so 重试 can never store it twice. The stored message is shown from the upload's answer
//! and from the socket's copy, whichever comes first (both carry the same `seq`).

use std::time::Duration;

use bangban_core::media::{self, AttachmentKind, MAX_IMAGE_PIXELS, MediaProblem, MediaType};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, FileList, ImageBitmap, Url};

use crate::app::InputRef;
use crate::clock;
use crate::human::Human;
use crate::media_record::{RECORDING_FAILED, Recorder};
use crate::media_upload::{self, revoke};
use crate::session::Notice;

/// Shown when a file is chosen while another one is being sent or recorded.
const BUSY: &str = "请等当前的图片或语音发送完成后再试";
/// How long 停止并发送 waits for the browser to hand over the clip. A `MediaRecorder` that never
/// delivers (no `dataavailable`, no `stop`) must not leave the panel at 正在发送.
const FINISH_WAIT: Duration = Duration::from_secs(5);

/// Where the attachment under way stands.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stage {
    /// Nothing under way.
    Idle,
    /// An image is shown with 确认发送 / 取消发送.
    Preview,
    /// The microphone is on.
    Recording,
    /// Being sent; [`Media::progress`] says how far.
    Uploading,
    /// Not sent, with the Chinese reason; 重试 sends it again under the same id.
    Failed(String),
}

/// The file being sent.
struct Draft {
    blob: Blob,
    kind: AttachmentKind,
    client_id: String,
    conversation: String,
}

/// Handle to the attachment under way; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub(crate) struct Media {
    /// Where it stands.
    pub(crate) stage: RwSignal<Stage>,
    /// Object URL of the image to preview.
    pub(crate) preview: RwSignal<Option<String>>,
    /// Share uploaded, in per cent (whole numbers: formatting floats would cost the wasm ~16 KB).
    pub(crate) progress: RwSignal<u8>,
    /// Length of the recording so far, in ms.
    pub(crate) elapsed_ms: RwSignal<u64>,
    /// Microphone level, in per cent.
    pub(crate) level: RwSignal<u8>,
    draft: StoredValue<Option<Draft>, LocalStorage>,
    recorder: StoredValue<Option<Recorder>, LocalStorage>,
    /// Number of the latest recording, so a late check only judges its own.
    takes: StoredValue<u32>,
    human: Human,
    notice: Notice,
    input: InputRef,
}

impl Media {
    /// Nothing under way; `input` gets focus back when a control that had it goes away.
    pub(crate) fn new(human: Human, notice: Notice, input: InputRef) -> Media {
        Media {
            stage: RwSignal::new(Stage::Idle),
            preview: RwSignal::new(None),
            progress: RwSignal::new(0),
            elapsed_ms: RwSignal::new(0),
            level: RwSignal::new(0),
            draft: StoredValue::new_local(None),
            recorder: StoredValue::new_local(None),
            takes: StoredValue::new(0),
            human,
            notice,
            input,
        }
    }

    /// Whether something is being sent or recorded (tracked).
    pub(crate) fn busy(self) -> bool {
        self.stage
            .with(|s| matches!(s, Stage::Recording | Stage::Uploading))
    }

    fn busy_untracked(self) -> bool {
        self.stage
            .with_untracked(|s| matches!(s, Stage::Recording | Stage::Uploading))
    }

    /// The first of `files` (picked, pasted or dropped), if any; `false` when there was none.
    pub(crate) fn offer_files(self, files: Option<FileList>) -> bool {
        match files.and_then(|f| f.get(0)) {
            Some(file) => {
                self.offer(file.into());
                true
            }
            None => false,
        }
    }

    /// An image to send: checked, then shown for 确认发送, or refused with the reason.
    pub(crate) fn offer(self, blob: Blob) {
        let Some(conversation) = self.human.current_id() else {
            return;
        };
        spawn_local(async move {
            let checked = check(&blob, AttachmentKind::Image).await;
            // Asked again after the check: a recording may have started meanwhile.
            if self.busy_untracked() {
                self.notice.0.set(Some(BUSY.to_owned()));
                return;
            }
            if let Err(problem) = checked {
                self.notice.0.set(Some(problem.message().to_owned()));
                return;
            }
            self.clear();
            self.notice.0.set(None);
            self.preview
                .set(Url::create_object_url_with_blob(&blob).ok());
            self.keep(blob, AttachmentKind::Image, conversation);
            self.stage.set(Stage::Preview);
        });
    }

    /// 确认发送 and 重试: uploads the draft under its id.
    pub(crate) fn send(self) {
        let Some((blob, kind, client_id, conversation)) = self.draft.with_value(|d| {
            d.as_ref().map(|d| {
                (
                    d.blob.clone(),
                    d.kind,
                    d.client_id.clone(),
                    d.conversation.clone(),
                )
            })
        }) else {
            return;
        };
        self.progress.set(0);
        self.stage.set(Stage::Uploading);
        let progress = self.progress;
        spawn_local(async move {
            let sent = media_upload::upload(&conversation, &client_id, kind, &blob, move |p| {
                progress.set(p)
            })
            .await;
            match sent {
                Ok(message) => {
                    self.human.show_stored(message);
                    self.clear();
                    // The panel's buttons are gone: focus goes back to the text box, not the page.
                    if focus_lost() {
                        self.input.focus();
                    }
                }
                Err(reason) => self.stage.set(Stage::Failed(reason)),
            }
        });
    }

    /// 取消发送: forgets the draft.
    pub(crate) fn clear(self) {
        if let Some(url) = self.preview.get_untracked() {
            revoke(&url);
        }
        self.preview.set(None);
        self.draft.set_value(None);
        self.stage.set(Stage::Idle);
    }

    /// 开始录音: asks for the microphone; at [`media::MAX_AUDIO_MS`] the clip stops and is sent.
    pub(crate) fn record(self) {
        if self.busy_untracked() || self.human.current_id().is_none() {
            return;
        }
        self.clear();
        self.notice.0.set(None);
        self.elapsed_ms.set(0);
        self.level.set(0);
        self.takes.update_value(|n| *n += 1);
        self.stage.set(Stage::Recording);
        spawn_local(async move {
            let started = Recorder::start(move |ms, level| self.tick(ms, level)).await;
            match started {
                // Cancelled while the browser was asking for the microphone.
                Ok(recorder) if self.stage.get_untracked() != Stage::Recording => recorder.cancel(),
                Ok(recorder) => self.recorder.set_value(Some(recorder)),
                Err(reason) => {
                    self.stage.set(Stage::Idle);
                    self.notice.0.set(Some(reason.to_owned()));
                }
            }
        });
    }

    fn tick(self, ms: u64, level: u8) {
        self.elapsed_ms.set(ms);
        self.level.set(level);
        if ms >= media::MAX_AUDIO_MS {
            // Not from inside the ticker's own callback: stopping drops the ticker.
            spawn_local(async move { self.stop_recording() });
        }
    }

    /// 停止并发送: the clip is checked and uploaded once the browser has finished it.
    pub(crate) fn stop_recording(self) {
        let Some(conversation) = self.human.current_id() else {
            self.cancel_recording();
            return;
        };
        if self.stage.get_untracked() != Stage::Recording {
            return;
        }
        let finishing = self.recorder.with_value(|r| {
            r.as_ref()
                .map(|r| r.finish(move |clip| self.recorded(clip, conversation)))
                .is_some()
        });
        if !finishing {
            // Stopped before the browser gave the microphone: there is nothing to send. The panel
            // (and the button that had the focus) goes away.
            self.cancel_recording();
            self.input.focus();
            return;
        }
        self.progress.set(0);
        self.stage.set(Stage::Uploading);
        let take = self.takes.get_value();
        set_timeout(move || self.stalled(take), FINISH_WAIT);
    }

    /// [`FINISH_WAIT`] after 停止并发送: if the clip has still not come, the recording failed. The
    /// recorder is dropped (the microphone released, a late clip ignored) and the citizen told why.
    fn stalled(self, take: u32) {
        if self.takes.try_get_value() != Some(take) {
            return;
        }
        let Some(Some(recorder)) = self.recorder.try_update_value(Option::take) else {
            return;
        };
        drop(recorder);
        self.record_failed();
    }

    fn record_failed(self) {
        self.stage.set(Stage::Idle);
        self.notice.0.set(Some(RECORDING_FAILED.to_owned()));
        if focus_lost() {
            self.input.focus();
        }
    }

    fn recorded(self, clip: Blob, conversation: String) {
        self.recorder.set_value(None);
        if clip.size() == 0.0 {
            self.record_failed();
            return;
        }
        spawn_local(async move {
            if let Err(problem) = check(&clip, AttachmentKind::Audio).await {
                self.stage.set(Stage::Idle);
                self.notice.0.set(Some(problem.message().to_owned()));
                return;
            }
            self.keep(clip, AttachmentKind::Audio, conversation);
            self.send();
        });
    }

    /// 取消录音: the microphone goes off and nothing is sent.
    pub(crate) fn cancel_recording(self) {
        if let Some(recorder) = self.recorder.try_update_value(Option::take).flatten() {
            recorder.cancel();
        }
        if self.stage.get_untracked() == Stage::Recording {
            self.stage.set(Stage::Idle);
        }
    }

    fn keep(self, blob: Blob, kind: AttachmentKind, conversation: String) {
        self.draft.set_value(Some(Draft {
            blob,
            kind,
            client_id: clock::new_client_id(),
            conversation,
        }));
    }
}

/// The checks a browser can make before uploading: type and size by [`media::precheck`], the kind
/// expected, and the pixel count of an image.
async fn check(blob: &Blob, want: AttachmentKind) -> Result<MediaType, MediaProblem> {
    let head = read_head(blob).await.unwrap_or_default();
    let found = media::precheck(&head, blob.size() as u64)?;
    if found.kind() != want {
        return Err(MediaProblem::UnsupportedType);
    }
    if want == AttachmentKind::Image && pixels(blob).await? > MAX_IMAGE_PIXELS {
        return Err(MediaProblem::TooManyPixels);
    }
    Ok(found)
}

/// The first 16 bytes, enough for [`media::sniff`].
async fn read_head(blob: &Blob) -> Option<Vec<u8>> {
    let head = blob.slice_with_i32_and_i32(0, 16).ok()?;
    let buffer = JsFuture::from(head.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Width times height of an image, by decoding it; a file that does not decode is broken.
async fn pixels(blob: &Blob) -> Result<u64, MediaProblem> {
    let window = web_sys::window().ok_or(MediaProblem::BrokenImage)?;
    let promise = window
        .create_image_bitmap_with_blob(blob)
        .map_err(|_| MediaProblem::BrokenImage)?;
    let bitmap: ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| MediaProblem::BrokenImage)?
        .unchecked_into();
    let count = u64::from(bitmap.width()) * u64::from(bitmap.height());
    bitmap.close();
    Ok(count)
}

/// Whether nothing on the page has focus (the focused control was removed).
fn focus_lost() -> bool {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    active.is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"))
}
