//! Voice clips: the container is read far enough to know the codec and the length, never decoded.
//!
//! - WebM (Chromium's and Firefox's MediaRecorder): EBML, codec `A_OPUS`. MediaRecorder writes the segment
//!   and clusters with *unknown* sizes and no duration, so the length is the last block's time, read by
//!   walking the elements in order.
//! - Ogg with Opus (Firefox): the last page's granule position, less the pre-skip, at 48 kHz.
//! - MP4 with AAC (Safari): `mvhd`/`mdhd` durations, or for fragmented files (what MediaRecorder writes) the
//!   sum of the sample durations in the `moof` fragments.
//!
//! The length comes from the file itself, never from the client, and a header that claims less than the
//! frames hold does not help: the longer of the two counts.

use bangban_core::media::{MediaProblem, MediaType};

/// Length of a clip in milliseconds, or why it is refused (not Opus/AAC, unreadable, no sound in it).
pub fn duration_ms(media: MediaType, data: &[u8]) -> Result<u64, MediaProblem> {
    match media {
        MediaType::Webm => webm::duration_ms(data),
        MediaType::Ogg => ogg::duration_ms(data),
        MediaType::Mp4 => mp4::duration_ms(data),
        _ => Err(MediaProblem::UnsupportedType),
    }
}

mod webm {
    use super::MediaProblem;

    const EBML: u32 = 0x1A45_DFA3;
    const DOC_TYPE: u32 = 0x4282;
    const SEGMENT: u32 = 0x1853_8067;
    const INFO: u32 = 0x1549_A966;
    const TIMESTAMP_SCALE: u32 = 0x2A_D7B1;
    const DURATION: u32 = 0x4489;
    const TRACKS: u32 = 0x1654_AE6B;
    const TRACK_ENTRY: u32 = 0xAE;
    const CODEC_ID: u32 = 0x86;
    const CLUSTER: u32 = 0x1F43_B675;
    const CLUSTER_TIMESTAMP: u32 = 0xE7;
    const BLOCK_GROUP: u32 = 0xA0;
    const BLOCK: u32 = 0xA1;
    const SIMPLE_BLOCK: u32 = 0xA3;
    /// An Opus frame is 2.5 to 60 ms; MediaRecorder writes 20 ms ones. The last block's start plus one
    /// frame is the clip's end.
    const LAST_FRAME_MS: u64 = 20;

    /// An element id (with its length marker, as the spec writes them) and where it starts.
    fn id(data: &[u8], pos: usize) -> Option<(u32, usize)> {
        let first = *data.get(pos)?;
        let len = first.leading_zeros() as usize + 1;
        if len > 4 {
            return None;
        }
        let bytes = data.get(pos..pos + len)?;
        Some((
            bytes.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)),
            pos + len,
        ))
    }

    /// An element size; `None` inside for "unknown" (all value bits set).
    fn size(data: &[u8], pos: usize) -> Option<(Option<u64>, usize)> {
        let first = *data.get(pos)?;
        let len = first.leading_zeros() as usize + 1;
        if len > 8 {
            return None;
        }
        let bytes = data.get(pos..pos + len)?;
        let mask = if len == 8 { 0 } else { 0xFFu8 >> len };
        let mut value = u64::from(first & mask);
        for b in &bytes[1..] {
            value = (value << 8) | u64::from(*b);
        }
        let unknown = value == (1u64 << (7 * len)) - 1;
        Some(((!unknown).then_some(value), pos + len))
    }

    fn uint(bytes: &[u8]) -> u64 {
        bytes
            .iter()
            .take(8)
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
    }

    pub(super) fn duration_ms(data: &[u8]) -> Result<u64, MediaProblem> {
        let broken = MediaProblem::BrokenAudio;
        // The EBML header: its DocType must be WebM.
        let (header, pos) = id(data, 0).ok_or(broken)?;
        if header != EBML {
            return Err(broken);
        }
        let (header_size, body) = size(data, pos).ok_or(broken)?;
        let header_end = body + usize::try_from(header_size.ok_or(broken)?).map_err(|_| broken)?;
        if header_end > data.len() {
            return Err(broken);
        }
        let mut webm = false;
        let mut pos = body;
        while pos < header_end {
            let (element, at) = id(data, pos).ok_or(broken)?;
            let (len, start) = size(data, at).ok_or(broken)?;
            let end = start + usize::try_from(len.ok_or(broken)?).map_err(|_| broken)?;
            if element == DOC_TYPE {
                webm = data.get(start..end) == Some(b"webm");
            }
            pos = end;
        }
        if !webm {
            return Err(MediaProblem::UnsupportedType);
        }
        // The rest is walked in order: containers are entered (their size may be unknown), every other
        // element is read or skipped by its size.
        let mut scale_ns: u64 = 1_000_000;
        let mut header_duration: f64 = 0.0;
        let mut codecs: Vec<Vec<u8>> = Vec::new();
        let mut cluster_ts: u64 = 0;
        let mut last_block: Option<u64> = None;
        let mut pos = header_end;
        while pos < data.len() {
            let Some((element, at)) = id(data, pos) else {
                break;
            };
            let Some((len, start)) = size(data, at) else {
                break;
            };
            if matches!(
                element,
                SEGMENT | INFO | TRACKS | TRACK_ENTRY | CLUSTER | BLOCK_GROUP
            ) {
                pos = start;
                continue;
            }
            // A leaf with an unknown size, or one running past the end (a clip cut short), ends the walk.
            let Some(len) = len.and_then(|l| usize::try_from(l).ok()) else {
                break;
            };
            let Some(payload) = data.get(start..start.saturating_add(len)) else {
                break;
            };
            match element {
                TIMESTAMP_SCALE => scale_ns = uint(payload).max(1),
                DURATION => {
                    header_duration = match payload.len() {
                        4 => f64::from(f32::from_be_bytes(payload.try_into().map_err(|_| broken)?)),
                        8 => f64::from_be_bytes(payload.try_into().map_err(|_| broken)?),
                        _ => return Err(broken),
                    };
                }
                CODEC_ID => codecs.push(payload.to_vec()),
                CLUSTER_TIMESTAMP => cluster_ts = uint(payload),
                SIMPLE_BLOCK | BLOCK => {
                    // track number (a size-like varint), then a signed 16-bit timecode.
                    let (_, after_track) = size(payload, 0).ok_or(broken)?;
                    let tc = payload.get(after_track..after_track + 2).ok_or(broken)?;
                    let relative = i64::from(i16::from_be_bytes([tc[0], tc[1]]));
                    let at = (i64::try_from(cluster_ts).unwrap_or(i64::MAX))
                        .saturating_add(relative)
                        .max(0) as u64;
                    last_block = Some(last_block.map_or(at, |l| l.max(at)));
                }
                _ => {}
            }
            pos = start + len;
        }
        if codecs.is_empty() {
            return Err(broken);
        }
        if !codecs.iter().any(|c| c == b"A_OPUS") {
            return Err(MediaProblem::UnsupportedType);
        }
        let Some(last) = last_block else {
            return Err(broken);
        };
        let by_blocks = last.saturating_mul(scale_ns) / 1_000_000 + LAST_FRAME_MS;
        let by_header = if header_duration.is_finite() && header_duration > 0.0 {
            (header_duration * scale_ns as f64 / 1e6) as u64
        } else {
            0
        };
        Ok(by_blocks.max(by_header))
    }
}

mod ogg {
    use super::MediaProblem;

    pub(super) fn duration_ms(data: &[u8]) -> Result<u64, MediaProblem> {
        let broken = MediaProblem::BrokenAudio;
        let mut pos = 0;
        let mut serial = None;
        let mut pre_skip = 0u64;
        let mut last_granule: Option<u64> = None;
        let mut pages = 0;
        while pos < data.len() {
            let header = data.get(pos..pos + 27).ok_or(broken)?;
            if &header[..4] != b"OggS" || header[4] != 0 {
                return Err(broken);
            }
            let granule = i64::from_le_bytes(header[6..14].try_into().map_err(|_| broken)?);
            let page_serial = u32::from_le_bytes(header[14..18].try_into().map_err(|_| broken)?);
            let segments = usize::from(header[26]);
            let table = data.get(pos + 27..pos + 27 + segments).ok_or(broken)?;
            let body_len: usize = table.iter().map(|b| usize::from(*b)).sum();
            let body_start = pos + 27 + segments;
            let body = data.get(body_start..body_start + body_len).ok_or(broken)?;
            match serial {
                None => {
                    // The first page holds OpusHead: version, channels, pre-skip (LE u16 at 10).
                    if body.len() < 19 || &body[..8] != b"OpusHead" {
                        return Err(MediaProblem::UnsupportedType);
                    }
                    pre_skip = u64::from(u16::from_le_bytes([body[10], body[11]]));
                    serial = Some(page_serial);
                }
                Some(s) if s == page_serial && granule >= 0 => {
                    last_granule = Some(granule as u64);
                }
                Some(_) => {}
            }
            pages += 1;
            pos = body_start + body_len;
        }
        let granule = last_granule.filter(|_| pages >= 2).ok_or(broken)?;
        let samples = granule.saturating_sub(pre_skip);
        if samples == 0 {
            return Err(broken);
        }
        Ok(samples * 1000 / 48_000)
    }
}

mod mp4 {
    use super::MediaProblem;

    /// Boxes whose content is more boxes.
    const CONTAINERS: [&[u8; 4]; 8] = [
        b"moov", b"trak", b"mdia", b"minf", b"stbl", b"mvex", b"moof", b"traf",
    ];

    #[derive(Default)]
    struct Found {
        ftyp: bool,
        aac: bool,
        movie: Option<(u64, u64)>,
        media: Option<(u64, u64)>,
        default_duration: u64,
        fragment_ticks: u64,
        tfhd_default: Option<u64>,
    }

    fn be32(b: &[u8], at: usize) -> Option<u64> {
        Some(u64::from(u32::from_be_bytes(
            b.get(at..at + 4)?.try_into().ok()?,
        )))
    }

    fn be64(b: &[u8], at: usize) -> Option<u64> {
        Some(u64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
    }

    /// (timescale, duration) of an `mvhd` or `mdhd` body.
    fn header_times(body: &[u8]) -> Option<(u64, u64)> {
        if body.first()? == &1 {
            Some((be32(body, 20)?, be64(body, 24)?))
        } else {
            Some((be32(body, 12)?, be32(body, 16)?))
        }
    }

    fn walk(data: &[u8], found: &mut Found, depth: u32) -> Option<()> {
        if depth > 8 {
            return None;
        }
        let mut pos = 0;
        while pos + 8 <= data.len() {
            let mut len = be32(data, pos)? as usize;
            let kind: [u8; 4] = data.get(pos + 4..pos + 8)?.try_into().ok()?;
            let mut header = 8;
            if len == 1 {
                len = usize::try_from(be64(data, pos + 8)?).ok()?;
                header = 16;
            } else if len == 0 {
                len = data.len() - pos;
            }
            if len < header {
                return None;
            }
            let body = data.get(pos + header..pos.checked_add(len)?)?;
            match &kind {
                b"ftyp" => found.ftyp = true,
                k if CONTAINERS.contains(&k) => {
                    if k == b"traf" {
                        found.tfhd_default = None;
                    }
                    walk(body, found, depth + 1)?;
                }
                b"mvhd" => found.movie = header_times(body),
                b"mdhd" => found.media = header_times(body),
                // stsd: version/flags, entry count, then sample entries (size, type, ...).
                b"stsd" => found.aac |= body.get(12..16) == Some(b"mp4a"),
                // trex: version/flags, track id, default sample description index, default duration.
                b"trex" => found.default_duration = be32(body, 12)?,
                b"tfhd" => {
                    let flags = be32(body, 0)? & 0xFF_FFFF;
                    let mut at = 8;
                    if flags & 0x01 != 0 {
                        at += 8;
                    }
                    if flags & 0x02 != 0 {
                        at += 4;
                    }
                    if flags & 0x08 != 0 {
                        found.tfhd_default = Some(be32(body, at)?);
                    }
                }
                b"trun" => {
                    let flags = be32(body, 0)? & 0xFF_FFFF;
                    let count = be32(body, 4)?;
                    let mut at = 8;
                    if flags & 0x01 != 0 {
                        at += 4;
                    }
                    if flags & 0x04 != 0 {
                        at += 4;
                    }
                    if flags & 0x100 != 0 {
                        let per = 4 * [0x100, 0x200, 0x400, 0x800]
                            .iter()
                            .filter(|f| flags & *f != 0)
                            .count();
                        for i in 0..count as usize {
                            found.fragment_ticks = found
                                .fragment_ticks
                                .saturating_add(be32(body, at + i.checked_mul(per)?)?);
                        }
                    } else {
                        let each = found.tfhd_default.unwrap_or(found.default_duration);
                        found.fragment_ticks = found
                            .fragment_ticks
                            .saturating_add(count.saturating_mul(each));
                    }
                }
                _ => {}
            }
            pos = pos.checked_add(len)?;
        }
        Some(())
    }

    fn ms(ticks: u64, timescale: u64) -> u64 {
        ticks
            .saturating_mul(1000)
            .checked_div(timescale)
            .unwrap_or(0)
    }

    pub(super) fn duration_ms(data: &[u8]) -> Result<u64, MediaProblem> {
        let mut found = Found::default();
        walk(data, &mut found, 0).ok_or(MediaProblem::BrokenAudio)?;
        if !found.ftyp || !found.aac {
            return Err(MediaProblem::UnsupportedType);
        }
        let media_scale = found.media.map_or(0, |(scale, _)| scale);
        let length = [
            found.movie.map_or(0, |(scale, d)| ms(d, scale)),
            found.media.map_or(0, |(scale, d)| ms(d, scale)),
            ms(found.fragment_ticks, media_scale),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if length == 0 {
            return Err(MediaProblem::BrokenAudio);
        }
        Ok(length)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::samples;

    #[test]
    fn webm_length_comes_from_the_blocks() {
        let clip = samples::webm_opus(5_000);
        let ms = duration_ms(MediaType::Webm, &clip).unwrap();
        assert!((4_990..=5_040).contains(&ms), "{ms}");
        let long = samples::webm_opus(90_000);
        assert!(duration_ms(MediaType::Webm, &long).unwrap() >= 90_000);
    }

    #[test]
    fn ogg_and_mp4_lengths_are_read() {
        let ogg = samples::ogg_opus(7_000);
        let ms = duration_ms(MediaType::Ogg, &ogg).unwrap();
        assert!((6_990..=7_010).contains(&ms), "{ms}");
        let mp4 = samples::mp4_aac(3_000, true);
        let ms = duration_ms(MediaType::Mp4, &mp4).unwrap();
        assert!((2_990..=3_030).contains(&ms), "{ms}");
        let flat = samples::mp4_aac(4_000, false);
        let ms = duration_ms(MediaType::Mp4, &flat).unwrap();
        assert!((3_990..=4_030).contains(&ms), "{ms}");
    }

    #[test]
    fn broken_and_foreign_containers_are_refused() {
        let clip = samples::webm_opus(2_000);
        assert_eq!(
            duration_ms(MediaType::Webm, &clip[..40]),
            Err(MediaProblem::BrokenAudio)
        );
        assert_eq!(
            duration_ms(MediaType::Webm, &[0x1A, 0x45, 0xDF, 0xA3, 0xFF, 0xFF]),
            Err(MediaProblem::BrokenAudio)
        );
        assert_eq!(
            duration_ms(MediaType::Ogg, b"OggS\0\0garbage"),
            Err(MediaProblem::BrokenAudio)
        );
        assert!(duration_ms(MediaType::Mp4, b"\0\0\0\x10ftypisom\0\0\0\0").is_err());
        // Every prefix of a valid file is refused or measured, never a panic.
        for cut in 0..clip.len() {
            let _ = duration_ms(MediaType::Webm, &clip[..cut]);
        }
        let ogg = samples::ogg_opus(1_000);
        for cut in 0..ogg.len().min(400) {
            let _ = duration_ms(MediaType::Ogg, &ogg[..cut]);
        }
        let mp4 = samples::mp4_aac(1_000, true);
        for cut in 0..mp4.len() {
            let _ = duration_ms(MediaType::Mp4, &mp4[..cut]);
        }
    }
}
