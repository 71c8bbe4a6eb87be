//! Screenshots and voice clips: what an attachment is, the limits, and the type decided by the bytes.
//!
//! The browser apps check a file against these limits before they upload it, and the server checks again
//! (it decodes images and reads the audio container's duration; see `server/src/media`). Both use
//! [`sniff`], so a file is judged by its first bytes, never by its name or the header the browser sends.

use serde::{Deserialize, Serialize};

/// Largest image upload, in bytes (10 MB).
pub const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;
/// Largest image, in pixels (40 megapixels).
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
/// Largest voice clip upload, in bytes (5 MB).
pub const MAX_AUDIO_BYTES: u64 = 5 * 1024 * 1024;
/// Longest voice clip, in milliseconds (60 s). The recorder stops and sends at this length.
pub const MAX_AUDIO_MS: u64 = 60_000;
/// How far past [`MAX_AUDIO_MS`] a clip may run: the recorder stops on a timer, and the container's last
/// frame can end a little after it.
pub const AUDIO_GRACE_MS: u64 = 1_500;
/// Longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 320;

/// Image or voice clip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// A screenshot or photo.
    Image,
    /// A voice clip.
    Audio,
}

/// A file carried by a chat message, as both sides see it.
///
/// The bytes are served by `GET /api/conversations/{conversation}/attachments/{id}` (and `.../thumb` for
/// images) to the conversation's participants only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Server-generated id (random, not guessable).
    pub id: String,
    /// Image or voice clip.
    pub kind: AttachmentKind,
    /// Content type of the stored file (`image/png`, `image/jpeg`, `audio/webm`, `audio/ogg`, `audio/mp4`).
    pub mime: String,
    /// Size of the stored file, in bytes.
    pub bytes: u64,
    /// Image width in pixels (images only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Image height in pixels (images only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Clip length in milliseconds, read from the container (audio only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
}

impl Attachment {
    /// The URL of the stored file.
    pub fn url(&self, conversation: &str) -> String {
        format!("/api/conversations/{conversation}/attachments/{}", self.id)
    }

    /// The URL of the thumbnail (images; for audio the file itself).
    pub fn thumb_url(&self, conversation: &str) -> String {
        match self.kind {
            AttachmentKind::Image => format!("{}/thumb", self.url(conversation)),
            AttachmentKind::Audio => self.url(conversation),
        }
    }

    /// The text stored with the message, shown where attachments are not rendered (lists, exports, old clients).
    pub fn summary(&self) -> String {
        match (self.kind, self.duration_ms) {
            (AttachmentKind::Image, _) => "[图片]".to_owned(),
            (AttachmentKind::Audio, Some(ms)) => format!("[语音 {}]", clip_length(ms)),
            (AttachmentKind::Audio, None) => "[语音]".to_owned(),
        }
    }

    /// Accessible label of an audio player or an image, in Chinese: "语音 12 秒", "图片".
    pub fn label(&self) -> String {
        match (self.kind, self.duration_ms) {
            (AttachmentKind::Image, _) => "图片".to_owned(),
            (AttachmentKind::Audio, Some(ms)) => format!("语音 {}", clip_length(ms)),
            (AttachmentKind::Audio, None) => "语音".to_owned(),
        }
    }
}

/// A clip length as people say it: "12 秒", "1 分 0 秒". Rounded up, so a 0.4 s clip is "1 秒".
pub fn clip_length(ms: u64) -> String {
    let secs = ms.div_ceil(1000).max(1);
    if secs < 60 {
        format!("{secs} 秒")
    } else {
        format!("{} 分 {} 秒", secs / 60, secs % 60)
    }
}

/// A file type we accept, decided by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaType {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// WebP.
    Webp,
    /// GIF (the first frame is kept).
    Gif,
    /// WebM (Matroska) with Opus: Chromium's and Firefox's MediaRecorder.
    Webm,
    /// Ogg with Opus: Firefox's MediaRecorder.
    Ogg,
    /// MP4 with AAC: Safari's MediaRecorder.
    Mp4,
}

impl MediaType {
    /// Image or voice clip.
    pub fn kind(self) -> AttachmentKind {
        match self {
            MediaType::Png | MediaType::Jpeg | MediaType::Webp | MediaType::Gif => {
                AttachmentKind::Image
            }
            MediaType::Webm | MediaType::Ogg | MediaType::Mp4 => AttachmentKind::Audio,
        }
    }

    /// The content type.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Webp => "image/webp",
            MediaType::Gif => "image/gif",
            MediaType::Webm => "audio/webm",
            MediaType::Ogg => "audio/ogg",
            MediaType::Mp4 => "audio/mp4",
        }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Webp => "webp",
            MediaType::Gif => "gif",
            MediaType::Webm => "webm",
            MediaType::Ogg => "ogg",
            MediaType::Mp4 => "m4a",
        }
    }

    /// The largest upload of this kind, in bytes.
    pub fn max_bytes(self) -> u64 {
        match self.kind() {
            AttachmentKind::Image => MAX_IMAGE_BYTES,
            AttachmentKind::Audio => MAX_AUDIO_BYTES,
        }
    }
}

/// Why a file is refused before or at upload. The browser shows [`MediaProblem::message`]; the server sends
/// the same text in its error envelope with [`MediaProblem::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaProblem {
    /// Not a PNG, JPEG, WebP, GIF, WebM, Ogg or MP4 by its bytes (SVG, HTML, anything else).
    UnsupportedType,
    /// An image over [`MAX_IMAGE_BYTES`].
    ImageTooLarge,
    /// An image over [`MAX_IMAGE_PIXELS`].
    TooManyPixels,
    /// A clip over [`MAX_AUDIO_BYTES`].
    AudioTooLarge,
    /// A clip over [`MAX_AUDIO_MS`].
    AudioTooLong,
    /// The file says it is an image but cannot be decoded (truncated, corrupt).
    BrokenImage,
    /// The file says it is a clip but its container cannot be read, or it has no sound in it.
    BrokenAudio,
    /// Nothing was sent.
    Empty,
}

impl MediaProblem {
    /// Machine-readable code of the error envelope.
    pub fn code(self) -> &'static str {
        match self {
            MediaProblem::UnsupportedType => "unsupported_type",
            MediaProblem::ImageTooLarge => "image_too_large",
            MediaProblem::TooManyPixels => "too_many_pixels",
            MediaProblem::AudioTooLarge => "audio_too_large",
            MediaProblem::AudioTooLong => "audio_too_long",
            MediaProblem::BrokenImage => "broken_image",
            MediaProblem::BrokenAudio => "broken_audio",
            MediaProblem::Empty => "empty_file",
        }
    }

    /// What the citizen or agent reads.
    pub fn message(self) -> &'static str {
        match self {
            MediaProblem::UnsupportedType => {
                "只能发送 PNG、JPEG、WebP、GIF 图片或录制的语音，此文件类型不支持"
            }
            MediaProblem::ImageTooLarge => "图片不能超过 10 MB，请压缩后再发送",
            MediaProblem::TooManyPixels => "图片尺寸过大（超过 4000 万像素），请缩小后再发送",
            MediaProblem::AudioTooLarge => "语音不能超过 5 MB",
            MediaProblem::AudioTooLong => "语音不能超过 60 秒",
            MediaProblem::BrokenImage => "图片已损坏，无法打开，请重新截图或选择其他图片",
            MediaProblem::BrokenAudio => "语音文件已损坏，无法播放，请重新录制",
            MediaProblem::Empty => "文件是空的",
        }
    }

    /// HTTP status the server answers with: 413 for the size limits, 415 for the type, 422 for broken files.
    pub fn status(self) -> u16 {
        match self {
            MediaProblem::ImageTooLarge
            | MediaProblem::TooManyPixels
            | MediaProblem::AudioTooLarge
            | MediaProblem::AudioTooLong => 413,
            MediaProblem::UnsupportedType => 415,
            MediaProblem::BrokenImage | MediaProblem::BrokenAudio | MediaProblem::Empty => 422,
        }
    }
}

/// The type of a file by its first bytes (16 are enough), or `None` for anything we do not accept.
pub fn sniff(head: &[u8]) -> Option<MediaType> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(MediaType::Png)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(MediaType::Jpeg)
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(MediaType::Webp)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(MediaType::Gif)
    } else if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some(MediaType::Webm)
    } else if head.starts_with(b"OggS") {
        Some(MediaType::Ogg)
    } else if head.len() >= 8 && &head[4..8] == b"ftyp" {
        Some(MediaType::Mp4)
    } else {
        None
    }
}

/// The check a browser can make before uploading: type by the bytes, and the size limit of that type.
pub fn precheck(head: &[u8], size: u64) -> Result<MediaType, MediaProblem> {
    if size == 0 {
        return Err(MediaProblem::Empty);
    }
    let media = sniff(head).ok_or(MediaProblem::UnsupportedType)?;
    if size > media.max_bytes() {
        return Err(match media.kind() {
            AttachmentKind::Image => MediaProblem::ImageTooLarge,
            AttachmentKind::Audio => MediaProblem::AudioTooLarge,
        });
    }
    Ok(media)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_decided_by_the_bytes() {
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(MediaType::Png)
        );
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE1]), Some(MediaType::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(MediaType::Webp));
        assert_eq!(sniff(b"GIF89a\x01\0"), Some(MediaType::Gif));
        assert_eq!(
            sniff(&[0x1A, 0x45, 0xDF, 0xA3, 0x9F]),
            Some(MediaType::Webm)
        );
        assert_eq!(sniff(b"OggS\0\x02"), Some(MediaType::Ogg));
        assert_eq!(sniff(b"\0\0\0\x20ftypM4A "), Some(MediaType::Mp4));
        for hostile in [
            &b"<html><script>alert(1)</script>"[..],
            b"<?xml version=\"1.0\"?><svg xmlns=",
            b"<svg onload=alert(1)>",
            b"%PDF-1.7",
            b"PK\x03\x04",
            b"",
            b"\x89PN",
        ] {
            assert_eq!(sniff(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn precheck_applies_the_limit_of_the_type() {
        let png = b"\x89PNG\r\n\x1a\n";
        assert_eq!(precheck(png, 1000), Ok(MediaType::Png));
        assert_eq!(precheck(png, MAX_IMAGE_BYTES), Ok(MediaType::Png));
        assert_eq!(
            precheck(png, MAX_IMAGE_BYTES + 1),
            Err(MediaProblem::ImageTooLarge)
        );
        assert_eq!(
            precheck(b"OggS", MAX_AUDIO_BYTES + 1),
            Err(MediaProblem::AudioTooLarge)
        );
        assert_eq!(precheck(b"<svg", 10), Err(MediaProblem::UnsupportedType));
        assert_eq!(precheck(png, 0), Err(MediaProblem::Empty));
        assert_eq!(MediaProblem::AudioTooLong.status(), 413);
        assert_eq!(MediaProblem::UnsupportedType.status(), 415);
    }

    #[test]
    fn summaries_and_labels_say_what_it_is() {
        let clip = Attachment {
            id: "a1".into(),
            kind: AttachmentKind::Audio,
            mime: "audio/webm".into(),
            bytes: 1000,
            width: None,
            height: None,
            duration_ms: Some(12_300),
        };
        assert_eq!(clip.summary(), "[语音 13 秒]");
        assert_eq!(clip.label(), "语音 13 秒");
        assert_eq!(clip.url("c1"), "/api/conversations/c1/attachments/a1");
        assert_eq!(clip_length(60_000), "1 分 0 秒");
        assert_eq!(clip_length(400), "1 秒");
        let json = serde_json::to_string(&clip).unwrap();
        assert!(!json.contains("width"), "{json}");
        assert_eq!(serde_json::from_str::<Attachment>(&json).unwrap(), clip);
    }
}
