//! Screenshots and voice clips in the console, the pure part: what an attachment is called, how big its
//! thumbnail and its zoomed view are, the recorder's clock and level, and the words for what went wrong.
//!
//! The limits and the type check themselves are `bangban_core::media` (the server applies the same ones). The
//! browser parts are `media_view` (showing), `media_bar` (the controls under the reply box), `media_send` and
//! `media_upload` (checking and uploading a file) and `media_record` (recording). Tested natively.

use bangban_core::media::{Attachment, AttachmentKind, MAX_IMAGE_PIXELS, MediaProblem, THUMB_SIDE};
use bangban_core::protocol::SenderKind;

/// Recorder formats in order of preference; the first the browser supports is used (Chromium and Firefox take
/// WebM or Ogg with Opus, Safari MP4).
pub(crate) const RECORDER_TYPES: [&str; 3] = [
    "audio/webm;codecs=opus",
    "audio/ogg;codecs=opus",
    "audio/mp4",
];

/// Zoom limits of the image viewer, as a share of the image's own size.
pub(crate) const MIN_ZOOM: f64 = 0.1;
/// See [`MIN_ZOOM`].
pub(crate) const MAX_ZOOM: f64 = 4.0;
/// One press of 放大 or 缩小 multiplies or divides by this.
const ZOOM_STEP: f64 = 1.25;

/// The text alternative of an image in the transcript: who sent it ("市民发送的图片", "客服发送的图片").
pub(crate) fn image_alt(sender: SenderKind) -> String {
    let who = match sender {
        SenderKind::Citizen => "市民",
        SenderKind::Agent => "客服",
        SenderKind::Bot => "小申",
        SenderKind::System => "系统",
    };
    format!("{who}发送的图片")
}

/// The first recorder type `supported` accepts.
pub(crate) fn recorder_type(supported: impl Fn(&str) -> bool) -> Option<&'static str> {
    RECORDER_TYPES.into_iter().find(|t| supported(t))
}

/// The thumbnail's size in CSS pixels (the server's thumbnail fits in [`THUMB_SIDE`]), so the transcript does
/// not jump when it loads. `None` when the image's size is not known.
pub(crate) fn thumb_size(attachment: &Attachment) -> Option<(u32, u32)> {
    let (w, h) = (attachment.width?, attachment.height?);
    if w == 0 || h == 0 {
        return None;
    }
    let side = w.max(h);
    if side <= THUMB_SIDE {
        return Some((w, h));
    }
    let scale = |v: u32| ((u64::from(v) * u64::from(THUMB_SIDE)).div_ceil(u64::from(side))) as u32;
    Some((scale(w).max(1), scale(h).max(1)))
}

/// The zoom at which a `width` × `height` image fits in `room_w` × `room_h`, never above its own size.
pub(crate) fn fit_zoom(width: u32, height: u32, room_w: f64, room_h: f64) -> f64 {
    if width == 0 || height == 0 {
        return 1.0;
    }
    let fit = (room_w / f64::from(width)).min(room_h / f64::from(height));
    fit.clamp(MIN_ZOOM, 1.0)
}

/// One step larger (放大), at most [`MAX_ZOOM`].
pub(crate) fn zoom_in(zoom: f64) -> f64 {
    (zoom * ZOOM_STEP).min(MAX_ZOOM)
}

/// One step smaller (缩小), at least [`MIN_ZOOM`].
pub(crate) fn zoom_out(zoom: f64) -> f64 {
    (zoom / ZOOM_STEP).max(MIN_ZOOM)
}

/// "150%".
pub(crate) fn zoom_text(zoom: f64) -> String {
    format!("{}%", (zoom * 100.0).round() as i64)
}

/// Whether the image is small enough to send, by its pixel count.
pub(crate) fn check_pixels(width: u32, height: u32) -> Result<(), MediaProblem> {
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        Err(MediaProblem::TooManyPixels)
    } else if width == 0 || height == 0 {
        Err(MediaProblem::BrokenImage)
    } else {
        Ok(())
    }
}

/// The recorder's clock: "0:07", "1:00".
pub(crate) fn timer_text(elapsed_ms: u64) -> String {
    let secs = elapsed_ms / 1000;
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The loudness of a slice of `AnalyserNode` time-domain bytes (128 is silence), from 0 to 100. The RMS is
/// scaled up so ordinary speech fills most of the meter.
pub(crate) fn level(samples: &[u8]) -> u32 {
    if samples.is_empty() {
        return 0;
    }
    let sum: f64 = samples
        .iter()
        .map(|&s| {
            let v = (f64::from(s) - 128.0) / 128.0;
            v * v
        })
        .sum();
    let rms = (sum / samples.len() as f64).sqrt();
    ((rms * 300.0).round() as u32).min(100)
}

/// "245 KB", "1.2 MB".
pub(crate) fn size_text(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// What the tray says about the file it holds: "图片 · 245 KB", "语音 12 秒".
pub(crate) fn describe(kind: AttachmentKind, bytes: u64, duration_ms: Option<u64>) -> String {
    match (kind, duration_ms) {
        (AttachmentKind::Image, _) => format!("图片 · {}", size_text(bytes)),
        (AttachmentKind::Audio, Some(ms)) => {
            format!("语音 {}", bangban_core::media::clip_length(ms))
        }
        (AttachmentKind::Audio, None) => "语音".to_owned(),
    }
}

/// `POST` address of an upload; the client id is ours ([`crate::format::client_id`]), printable ASCII, but is
/// encoded anyway.
pub(crate) fn upload_url(conversation: &str, client_id: &str) -> String {
    let encoded: String = client_id
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("/api/conversations/{conversation}/attachments?client_id={encoded}")
}

/// Whether sending the same file again may work: the network or the server failed, rather than the file or
/// the chat being refused (413, 415, 422, 404, 409).
pub(crate) fn worth_retrying(status: u16) -> bool {
    status == 0 || status == 408 || status == 429 || status >= 500
}

/// Why the microphone cannot be used, from the `DOMException` name of `getUserMedia`. Each says typing still
/// works.
pub(crate) fn mic_problem(name: &str) -> &'static str {
    match name {
        "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => {
            "无法录音：麦克风权限被拒绝。可在浏览器地址栏的权限设置中允许使用麦克风后重试；您仍可打字回复。"
        }
        "NotFoundError" | "OverconstrainedError" | "DevicesNotFoundError" => {
            "无法录音：没有找到麦克风，请连接麦克风后重试；您仍可打字回复。"
        }
        "NotReadableError" | "AbortError" => {
            "无法录音：麦克风正被其他程序占用或无法打开；您仍可打字回复。"
        }
        _ => NO_RECORDER,
    }
}

/// The browser cannot record at all (no `MediaRecorder`, no `getUserMedia`, no supported format).
pub(crate) const NO_RECORDER: &str = "无法录音：此浏览器不支持录音；您仍可打字回复。";

/// The recorder gave nothing after 停止并发送 (no data, or no `stop` within a few seconds).
pub(crate) const RECORDING_FAILED: &str = "录音失败，请重试或改用文字";

/// A new file cannot be taken while another is being sent.
pub(crate) const BUSY: &str = "请先发送或取消待发送的文件";

#[cfg(test)]
mod tests {
    use super::*;

    fn image(width: u32, height: u32) -> Attachment {
        Attachment {
            id: "a1".into(),
            kind: AttachmentKind::Image,
            mime: "image/png".into(),
            bytes: 1000,
            width: Some(width),
            height: Some(height),
            duration_ms: None,
        }
    }

    #[test]
    fn images_say_who_sent_them() {
        assert_eq!(image_alt(SenderKind::Citizen), "市民发送的图片");
        assert_eq!(image_alt(SenderKind::Agent), "客服发送的图片");
    }

    #[test]
    fn the_first_supported_recorder_type_wins() {
        assert_eq!(recorder_type(|_| true), Some("audio/webm;codecs=opus"));
        assert_eq!(
            recorder_type(|t| t.starts_with("audio/mp4")),
            Some("audio/mp4")
        );
        assert_eq!(recorder_type(|_| false), None);
    }

    #[test]
    fn thumbnails_keep_the_shape_within_the_side() {
        assert_eq!(thumb_size(&image(1920, 1080)), Some((320, 180)));
        assert_eq!(thumb_size(&image(1080, 1920)), Some((180, 320)));
        assert_eq!(thumb_size(&image(100, 50)), Some((100, 50)));
        assert_eq!(thumb_size(&image(5000, 1)), Some((320, 1)));
        let mut unknown = image(1, 1);
        unknown.width = None;
        assert_eq!(thumb_size(&unknown), None);
    }

    #[test]
    fn the_viewer_fits_then_zooms_within_limits() {
        assert_eq!(fit_zoom(2000, 1000, 1000.0, 800.0), 0.5);
        assert_eq!(fit_zoom(200, 100, 1000.0, 800.0), 1.0);
        assert_eq!(fit_zoom(100_000, 10, 100.0, 100.0), MIN_ZOOM);
        assert_eq!(zoom_in(1.0), 1.25);
        assert_eq!(zoom_out(1.25), 1.0);
        assert_eq!(zoom_in(3.9), MAX_ZOOM);
        assert_eq!(zoom_out(0.11), MIN_ZOOM);
        assert_eq!(zoom_text(1.25), "125%");
        assert_eq!(zoom_text(0.5), "50%");
    }

    #[test]
    fn pixel_count_is_limited() {
        assert_eq!(check_pixels(8000, 5000), Ok(()));
        assert_eq!(check_pixels(8000, 5001), Err(MediaProblem::TooManyPixels));
        assert_eq!(check_pixels(0, 10), Err(MediaProblem::BrokenImage));
    }

    #[test]
    fn the_recorder_shows_minutes_and_seconds_and_a_level() {
        assert_eq!(timer_text(0), "0:00");
        assert_eq!(timer_text(7_900), "0:07");
        assert_eq!(timer_text(60_000), "1:00");
        assert_eq!(level(&[128; 64]), 0);
        assert_eq!(level(&[]), 0);
        assert_eq!(level(&[0, 255].repeat(32)), 100);
        let quiet = level(&[120, 136].repeat(32));
        assert!(quiet > 0 && quiet < 50, "{quiet}");
    }

    #[test]
    fn sizes_and_descriptions_read_naturally() {
        assert_eq!(size_text(1), "1 KB");
        assert_eq!(size_text(250_000), "245 KB");
        assert_eq!(size_text(1_258_291), "1.2 MB");
        assert_eq!(describe(AttachmentKind::Image, 2048, None), "图片 · 2 KB");
        assert_eq!(
            describe(AttachmentKind::Audio, 2048, Some(11_200)),
            "语音 12 秒"
        );
    }

    #[test]
    fn upload_addresses_carry_the_client_id() {
        assert_eq!(
            upload_url("c1", "k18f-2a"),
            "/api/conversations/c1/attachments?client_id=k18f-2a"
        );
        assert_eq!(
            upload_url("c1", "a b&c"),
            "/api/conversations/c1/attachments?client_id=a%20b%26c"
        );
    }

    #[test]
    fn only_transient_failures_offer_a_retry() {
        assert!(worth_retrying(0));
        assert!(worth_retrying(503));
        assert!(!worth_retrying(415));
        assert!(!worth_retrying(409));
        assert!(!worth_retrying(413));
    }

    #[test]
    fn microphone_problems_are_explained() {
        assert!(mic_problem("NotAllowedError").contains("权限被拒绝"));
        assert!(mic_problem("NotFoundError").contains("没有找到麦克风"));
        assert_eq!(mic_problem("Whatever"), NO_RECORDER);
        for name in ["NotAllowedError", "NotFoundError", "NotReadableError", "x"] {
            assert!(mic_problem(name).contains("仍可打字回复"), "{name}");
        }
    }
}
