//! Voice clips: 开始录音 asks for the microphone, then shows the time and a level meter (an `AnalyserNode`)
//! with 停止并发送 and 取消录音. At 60 s the clip stops and is sent by itself. The microphone is released as
//! soon as recording ends, whichever way it ends; when it cannot be used the reason is shown and typing works
//! as before.

use std::cell::RefCell;
use std::rc::Rc;

use bangban_core::media::MAX_AUDIO_MS;
use gloo_timers::callback::Interval;
use js_sys::{Array, Promise, Reflect};
use leptos::html::Button;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AnalyserNode, AudioContext, Blob, BlobEvent, BlobPropertyBag, MediaRecorder,
    MediaRecorderOptions, MediaStream, MediaStreamConstraints, MediaStreamTrack, RecordingState,
};

use crate::media::{self, NO_RECORDER};
use crate::media_send::{Tray, focus_reply};

/// How often the clock and the meter are refreshed, in milliseconds.
const TICK_MS: u32 = 100;
/// How long 停止并发送 waits for the recorder's `stop` event, in milliseconds: a `MediaRecorder` that never
/// delivers must not keep the microphone on and the clip pending for good.
const FINISH_WAIT_MS: i32 = 5_000;

/// Whether `done` settles within [`FINISH_WAIT_MS`].
async fn within_wait(done: Promise) -> bool {
    let timer = Promise::new(&mut |resolve, _| {
        // The timer settles with `undefined`; the recorder's `stop` with its event.
        let _ = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, FINISH_WAIT_MS);
    });
    JsFuture::from(Promise::race(&Array::of2(&done, &timer)))
        .await
        .is_ok_and(|settled| !settled.is_undefined())
}

/// One recording in progress: the recorder, the microphone, the meter and the recorded parts.
struct Session {
    recorder: MediaRecorder,
    stream: MediaStream,
    meter: Option<(AudioContext, AnalyserNode)>,
    parts: Rc<RefCell<Vec<Blob>>>,
    started_ms: f64,
    _on_data: Closure<dyn FnMut(BlobEvent)>,
    _tick: Interval,
}

impl Drop for Session {
    /// Releases the microphone (the browser's recording indicator goes off) and the audio context.
    fn drop(&mut self) {
        self.recorder.set_ondataavailable(None);
        self.recorder.set_onstop(None);
        if self.recorder.state() != RecordingState::Inactive {
            let _ = self.recorder.stop();
        }
        for track in self.stream.get_tracks().iter() {
            track.unchecked_into::<MediaStreamTrack>().stop();
        }
        if let Some((ctx, _)) = &self.meter {
            let _ = ctx.close();
        }
    }
}

impl Session {
    /// Stops the recorder, waits for its last part (at most [`FINISH_WAIT_MS`]) and returns the clip;
    /// `None` when the browser delivered nothing. The session is dropped either way, so the microphone is
    /// released.
    async fn finish(self) -> Option<Blob> {
        let done = Promise::new(&mut |resolve, _| self.recorder.set_onstop(Some(&resolve)));
        let stopped = self.recorder.stop().is_ok() && within_wait(done).await;
        if !stopped || self.parts.borrow().is_empty() {
            return None;
        }
        let parts: Array = self.parts.borrow().iter().collect();
        let bag = BlobPropertyBag::new();
        bag.set_type(&self.recorder.mime_type());
        Blob::new_with_blob_sequence_and_options(&parts, &bag).ok()
    }

    /// Loudness now, 0 to 100.
    fn level(&self) -> u32 {
        self.meter.as_ref().map_or(0, |(_, analyser)| {
            let mut samples = vec![128u8; analyser.fft_size() as usize];
            analyser.get_byte_time_domain_data(&mut samples);
            media::level(&samples)
        })
    }
}

/// The recorder's state; `Copy`.
#[derive(Clone, Copy)]
struct Rec {
    tray: Tray,
    session: StoredValue<Option<Session>, LocalStorage>,
    asking: RwSignal<bool>,
    elapsed_ms: RwSignal<u64>,
    level: RwSignal<u32>,
    problem: RwSignal<Option<String>>,
}

impl Rec {
    /// 开始录音: asks for the microphone and starts; a refusal becomes the message shown.
    fn start(self) {
        self.problem.set(None);
        self.tray.refusal.set(None);
        self.asking.set(true);
        self.elapsed_ms.set(0);
        self.level.set(0);
        spawn_local(async move {
            let opened = open(self).await;
            self.asking.try_set(false);
            match opened {
                // A session that cannot be kept (the chat was closed meanwhile) is dropped: mic released.
                Ok(session) => {
                    if self.session.try_set_value(Some(session)).is_none() {
                        self.tray.recording.try_set(true);
                    }
                }
                Err(message) => {
                    self.problem.try_set(Some(message.to_owned()));
                }
            }
        });
    }

    /// 停止并发送 (`send`) or 取消录音.
    fn stop(self, send: bool) {
        let Some(Some(session)) = self.session.try_update_value(Option::take) else {
            return;
        };
        self.tray.recording.try_set(false);
        let length = (js_sys::Date::now() - session.started_ms).max(0.0) as u64;
        if !send {
            return;
        }
        let tray = self.tray;
        spawn_local(async move {
            match session.finish().await {
                Some(clip) => tray.take_clip(clip, length.min(MAX_AUDIO_MS)),
                None => {
                    tray.refusal
                        .try_set(Some(media::RECORDING_FAILED.to_owned()));
                }
            }
        });
    }

    /// Every [`TICK_MS`]: the clock, the meter, and the 60-second stop.
    fn tick(self) {
        let now = js_sys::Date::now();
        let Some(Some((started, level))) = self
            .session
            .try_with_value(|s| s.as_ref().map(|s| (s.started_ms, s.level())))
        else {
            return;
        };
        let elapsed = (now - started).max(0.0) as u64;
        self.elapsed_ms.try_set(elapsed);
        self.level.try_set(level);
        if elapsed >= MAX_AUDIO_MS {
            self.stop(true);
        }
    }
}

/// Opens the microphone and starts recording in the first supported format.
async fn open(rec: Rec) -> Result<Session, &'static str> {
    let window = window();
    let has = |name: &str| Reflect::has(&window, &name.into()).unwrap_or(false);
    if !has("MediaRecorder") {
        return Err(NO_RECORDER);
    }
    let mime = media::recorder_type(MediaRecorder::is_type_supported).ok_or(NO_RECORDER)?;
    let devices = window
        .navigator()
        .media_devices()
        .map_err(|_| NO_RECORDER)?;
    if devices.is_undefined() {
        return Err(NO_RECORDER);
    }
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&JsValue::TRUE);
    let asked = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| NO_RECORDER)?;
    let stream: MediaStream = JsFuture::from(asked)
        .await
        .map_err(|e| media::mic_problem(&error_name(&e)))?
        .unchecked_into();
    record(stream, mime, rec).map_err(|_| NO_RECORDER)
}

/// The `name` of a `DOMException` ("NotAllowedError").
fn error_name(error: &JsValue) -> String {
    Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

/// Starts a recorder on the stream. On failure the stream's tracks are stopped here.
fn record(stream: MediaStream, mime: &str, rec: Rec) -> Result<Session, JsValue> {
    let options = MediaRecorderOptions::new();
    options.set_mime_type(mime);
    let recorder =
        match MediaRecorder::new_with_media_stream_and_media_recorder_options(&stream, &options) {
            Ok(r) => r,
            Err(e) => {
                for track in stream.get_tracks().iter() {
                    track.unchecked_into::<MediaStreamTrack>().stop();
                }
                return Err(e);
            }
        };
    let parts = Rc::new(RefCell::new(Vec::new()));
    let on_data = {
        let parts = parts.clone();
        Closure::<dyn FnMut(BlobEvent)>::new(move |ev: BlobEvent| {
            if let Some(part) = ev.data().filter(|b| b.size() > 0.0) {
                parts.borrow_mut().push(part);
            }
        })
    };
    recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
    let session = Session {
        meter: meter(&stream).ok(),
        recorder,
        stream,
        parts,
        started_ms: js_sys::Date::now(),
        _on_data: on_data,
        _tick: Interval::new(TICK_MS, move || rec.tick()),
    };
    // If start fails, dropping the session releases the microphone.
    session.recorder.start()?;
    Ok(session)
}

/// An analyser on the microphone for the level meter (not connected to the speakers).
fn meter(stream: &MediaStream) -> Result<(AudioContext, AnalyserNode), JsValue> {
    let ctx = AudioContext::new()?;
    let source = ctx.create_media_stream_source(stream)?;
    let analyser = ctx.create_analyser()?;
    analyser.set_fft_size(512);
    source.connect_with_audio_node(&analyser)?;
    let _ = ctx.resume();
    Ok((ctx, analyser))
}

/// 开始录音, or while recording: the clock, the meter, 停止并发送 and 取消录音.
#[component]
pub(crate) fn Recorder(
    /// The open chat's tray, which sends the clip.
    tray: Tray,
) -> impl IntoView {
    let rec = Rec {
        tray,
        session: StoredValue::new_local(None),
        asking: RwSignal::new(false),
        elapsed_ms: RwSignal::new(0),
        level: RwSignal::new(0),
        problem: RwSignal::new(None),
    };
    on_cleanup(move || rec.stop(false));
    let idle = move || {
        let blocked = move || rec.asking.get() || tray.closed() || !tray.empty();
        view! {
            <button type="button" disabled=blocked on:click=move |_| rec.start()>"开始录音"</button>
        }
    };
    view! {
        <Show when=move || tray.recording.get() fallback=idle>
            <Recording rec/>
        </Show>
        <Show when=move || rec.problem.with(Option::is_some)>
            <p class="error mic-problem" role="alert">{move || rec.problem.get()}</p>
        </Show>
    }
}

/// The controls while recording; 停止并发送 takes the focus.
#[component]
fn Recording(rec: Rec) -> impl IntoView {
    let stop = NodeRef::<Button>::new();
    stop.on_load(|b| {
        let _ = b.focus();
    });
    let limit = media::timer_text(MAX_AUDIO_MS);
    let done = move |send: bool| {
        rec.stop(send);
        focus_reply();
    };
    view! {
        <span class="recording" role="group" aria-label="录音中">
            <span class="rec-dot" aria-hidden="true"></span>
            <span class="timer" role="timer" aria-label="录音时长">
                {move || media::timer_text(rec.elapsed_ms.get())}
            </span>
            <span class="limit">"/ " {limit}</span>
            <meter min="0" max="100" low="10" high="85" optimum="50" value=move || rec.level.get() aria-label="音量"></meter>
            <button type="button" class="primary" node_ref=stop on:click=move |_| done(true)>"停止并发送"</button>
            <button type="button" on:click=move |_| done(false)>"取消录音"</button>
        </span>
    }
}
