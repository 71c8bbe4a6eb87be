//! The voice-clip recorder: the microphone through `MediaRecorder`, a level meter from a Web Audio
//! `AnalyserNode`, and a ticker for the timer.
//!
//! The microphone is released (its tracks stopped) as soon as recording stops or is cancelled, and
//! whenever a [`Recorder`] is dropped, so the browser's "recording" indicator never outlives the clip.

use std::cell::RefCell;

use gloo_timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AnalyserNode, AudioContext, Blob, BlobEvent, BlobPropertyBag, MediaRecorder,
    MediaRecorderOptions, MediaStream, MediaStreamConstraints, MediaStreamTrack,
};

/// Shown when the microphone is refused or absent.
pub(crate) const MIC_UNAVAILABLE: &str = "无法使用麦克风，请检查浏览器权限；您仍可以打字留言";
/// Shown when the browser cannot record at all.
pub(crate) const NO_RECORDER: &str = "此浏览器不支持录音，您仍可以打字留言";
/// Shown when the browser never hands over the clip after 停止并发送 (or hands over an empty one).
pub(crate) const RECORDING_FAILED: &str = "录音失败，请重试或改用文字";

/// Container types in order of preference; Safari only has MP4 (AAC).
const TYPES: [&str; 3] = [
    "audio/webm;codecs=opus",
    "audio/ogg;codecs=opus",
    "audio/mp4",
];
/// How often the timer and the level meter are updated, in ms.
const TICK_MS: u32 = 100;

/// A recording under way.
pub(crate) struct Recorder {
    stream: MediaStream,
    recorder: MediaRecorder,
    audio: Option<AudioContext>,
    chunks: js_sys::Array,
    ticker: RefCell<Option<Interval>>,
    _on_data: Closure<dyn FnMut(BlobEvent)>,
}

impl Recorder {
    /// Asks for the microphone and starts recording; `on_tick` gets the elapsed ms and the level (per
    /// cent) every [`TICK_MS`]. `Err` is the Chinese reason.
    pub(crate) async fn start(
        on_tick: impl Fn(u64, u8) + 'static,
    ) -> Result<Recorder, &'static str> {
        let window = web_sys::window().ok_or(NO_RECORDER)?;
        if !js_sys::Reflect::has(&window, &JsValue::from_str("MediaRecorder")).unwrap_or(false) {
            return Err(NO_RECORDER);
        }
        let devices = window
            .navigator()
            .media_devices()
            .map_err(|_| MIC_UNAVAILABLE)?;
        let constraints = MediaStreamConstraints::new();
        constraints.set_audio(&JsValue::TRUE);
        let promise = devices
            .get_user_media_with_constraints(&constraints)
            .map_err(|_| MIC_UNAVAILABLE)?;
        let stream: MediaStream = JsFuture::from(promise)
            .await
            .map_err(|_| MIC_UNAVAILABLE)?
            .unchecked_into();
        let options = MediaRecorderOptions::new();
        if let Some(mime) = TYPES
            .into_iter()
            .find(|t| MediaRecorder::is_type_supported(t))
        {
            options.set_mime_type(mime);
        }
        let Ok(recorder) =
            MediaRecorder::new_with_media_stream_and_media_recorder_options(&stream, &options)
        else {
            stop_tracks(&stream);
            return Err(NO_RECORDER);
        };
        let chunks = js_sys::Array::new();
        let into = chunks.clone();
        let on_data = Closure::<dyn FnMut(BlobEvent)>::new(move |ev: BlobEvent| {
            if let Some(data) = ev.data() {
                into.push(&data);
            }
        });
        recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
        if recorder.start().is_err() {
            stop_tracks(&stream);
            return Err(NO_RECORDER);
        }
        let (audio, analyser) = meter(&stream).unzip();
        let started = js_sys::Date::now();
        let mut samples = vec![0u8; 256];
        let ticker = Interval::new(TICK_MS, move || {
            let level = analyser.as_ref().map_or(0, |a| {
                a.get_byte_time_domain_data(&mut samples);
                loudness(&samples)
            });
            on_tick((js_sys::Date::now() - started).max(0.0) as u64, level);
        });
        Ok(Recorder {
            stream,
            recorder,
            audio,
            chunks,
            ticker: RefCell::new(Some(ticker)),
            _on_data: on_data,
        })
    }

    /// Stops and releases the microphone; `on_clip` gets the clip once the browser has finished it.
    /// Keep the recorder until then (it holds the callback that collects the data); dropping it gives
    /// the clip up.
    pub(crate) fn finish(&self, on_clip: impl FnOnce(Blob) + 'static) {
        let chunks = self.chunks.clone();
        let mime = self.recorder.mime_type();
        let on_stop = Closure::once_into_js(move || {
            let bag = BlobPropertyBag::new();
            bag.set_type(&mime);
            if let Ok(blob) = Blob::new_with_blob_sequence_and_options(&chunks, &bag) {
                on_clip(blob);
            }
        });
        self.recorder.set_onstop(Some(on_stop.unchecked_ref()));
        self.release();
    }

    /// Stops, releases the microphone and throws the recording away.
    pub(crate) fn cancel(&self) {
        self.recorder.set_ondataavailable(None);
        self.recorder.set_onstop(None);
        self.release();
    }

    fn release(&self) {
        self.ticker.borrow_mut().take();
        if self.recorder.state() != web_sys::RecordingState::Inactive {
            let _ = self.recorder.stop();
        }
        stop_tracks(&self.stream);
        if let Some(audio) = &self.audio {
            let _ = audio.close();
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        // A clip that comes after its recorder was given up on is not sent.
        self.recorder.set_onstop(None);
        self.recorder.set_ondataavailable(None);
        self.ticker.get_mut().take();
        stop_tracks(&self.stream);
    }
}

/// A level meter on the microphone; `None` where Web Audio is missing (the clip still records).
fn meter(stream: &MediaStream) -> Option<(AudioContext, AnalyserNode)> {
    let audio = AudioContext::new().ok()?;
    let source = audio.create_media_stream_source(stream).ok()?;
    let analyser = audio.create_analyser().ok()?;
    analyser.set_fft_size(256);
    source.connect_with_audio_node(&analyser).ok()?;
    // Created after an await, the context may start suspended.
    let _ = audio.resume();
    Some((audio, analyser))
}

/// Loudness of 8-bit samples centred on 128, in per cent, scaled so that speech fills most of the meter.
pub(crate) fn loudness(samples: &[u8]) -> u8 {
    if samples.is_empty() {
        return 0;
    }
    let sum: f64 = samples
        .iter()
        .map(|&s| {
            let x = (f64::from(s) - 128.0) / 128.0;
            x * x
        })
        .sum();
    ((sum / samples.len() as f64).sqrt() * 400.0).min(100.0) as u8
}

fn stop_tracks(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
}

/// A recording length as the timer shows it: `mm:ss`.
pub(crate) fn mm_ss(ms: u64) -> String {
    let secs = ms / 1000;
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timer_reads_minutes_and_seconds() {
        assert_eq!(mm_ss(0), "00:00");
        assert_eq!(mm_ss(9_999), "00:09");
        assert_eq!(mm_ss(60_000), "01:00");
    }

    #[test]
    fn silence_is_zero_and_loud_is_full() {
        assert_eq!(loudness(&[128; 64]), 0);
        assert_eq!(loudness(&[]), 0);
        assert_eq!(loudness(&[0, 255, 0, 255]), 100);
        let quiet = loudness(&[120, 136, 120, 136]);
        assert!(quiet > 0 && quiet < 50, "{quiet}");
    }
}
