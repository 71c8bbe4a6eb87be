//! Sample files made on the spot, for tests: valid images and clips of a chosen size or length, and the
//! hostile ones (a decompression-bomb header, a JPEG carrying GPS EXIF). Clips hold Opus silence or empty
//! AAC frames: their containers are real, so browsers and our parser read them alike.

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};

/// A PNG of `width` x `height` with a gradient (not compressible to nothing).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x % 251) as u8,
            (y % 241) as u8,
            ((x * 7 + y * 13) % 239) as u8,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    picture
        .write_to(&mut out, ImageFormat::Png)
        .expect("encode a PNG in memory");
    out.into_inner()
}

/// A PNG of about `bytes` bytes: noise, which does not compress (a big screenshot stand-in).
pub fn noisy_png(bytes: usize) -> Vec<u8> {
    let side = ((bytes / 3) as f64).sqrt().ceil() as u32;
    let mut state: u32 = 0x9E37_79B9;
    let picture = RgbImage::from_fn(side, side, |_, _| {
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        };
        Rgb([next(), next(), next()])
    });
    let mut out = Cursor::new(Vec::new());
    picture
        .write_to(&mut out, ImageFormat::Png)
        .expect("encode a PNG in memory");
    out.into_inner()
}

/// A PNG whose header claims `width` x `height` but holds almost nothing: a "decompression bomb".
pub fn png_bomb_header(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    png_chunk(&mut out, b"IDAT", &[0x78, 0x9C, 0x03, 0x00]);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32_ieee(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

fn crc32_ieee(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A JPEG with an EXIF block that holds a GPS position (31°13′N 121°28′E, Shanghai).
pub fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| Rgb([x as u8, y as u8, 128]));
    let mut plain = Cursor::new(Vec::new());
    picture
        .write_to(&mut plain, ImageFormat::Jpeg)
        .expect("encode a JPEG in memory");
    let plain = plain.into_inner();
    // TIFF, big-endian: IFD0 with one entry (GPSInfo -> the GPS IFD), the GPS IFD with latitude and longitude.
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
    let ifd0_entries = 1u16;
    let gps_ifd_at = 8 + 2 + 12 * u32::from(ifd0_entries) + 4;
    tiff.extend_from_slice(&ifd0_entries.to_be_bytes());
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1]);
    tiff.extend_from_slice(&gps_ifd_at.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    let gps_entries = 4u16;
    let rationals_at = gps_ifd_at + 2 + 12 * u32::from(gps_entries) + 4;
    tiff.extend_from_slice(&gps_entries.to_be_bytes());
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3]);
    tiff.extend_from_slice(&rationals_at.to_be_bytes());
    tiff.extend_from_slice(&[0, 3, 0, 2, 0, 0, 0, 2, b'E', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 4, 0, 5, 0, 0, 0, 3]);
    tiff.extend_from_slice(&(rationals_at + 24).to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for (n, d) in [(31u32, 1u32), (13, 1), (0, 1), (121, 1), (28, 1), (0, 1)] {
        tiff.extend_from_slice(&n.to_be_bytes());
        tiff.extend_from_slice(&d.to_be_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

/// Whether a JPEG (or any file) carries an EXIF block.
pub fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"Exif\0\0")
}

/// A 20 ms Opus frame of silence (CELT, fullband, mono).
const OPUS_SILENCE: [u8; 3] = [0xF8, 0xFF, 0xFE];

fn opus_head() -> Vec<u8> {
    let mut head = b"OpusHead".to_vec();
    head.push(1); // version
    head.push(1); // channels
    head.extend_from_slice(&312u16.to_le_bytes()); // pre-skip
    head.extend_from_slice(&48_000u32.to_le_bytes());
    head.extend_from_slice(&0u16.to_le_bytes()); // gain
    head.push(0); // mapping family
    head
}

fn ebml(id: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.push(0x01);
    out.extend_from_slice(&(payload.len() as u64).to_be_bytes()[1..]);
    out.extend_from_slice(payload);
    out
}

fn ebml_uint(id: &[u8], value: u64) -> Vec<u8> {
    ebml(id, &value.to_be_bytes())
}

/// A WebM/Opus clip of `ms` milliseconds laid out as Chromium's MediaRecorder writes it: segment and
/// clusters of unknown size, no duration in the header.
pub fn webm_opus(ms: u64) -> Vec<u8> {
    let mut header = Vec::new();
    header.extend(ebml_uint(&[0x42, 0x86], 1));
    header.extend(ebml_uint(&[0x42, 0xF7], 1));
    header.extend(ebml_uint(&[0x42, 0xF2], 4));
    header.extend(ebml_uint(&[0x42, 0xF3], 8));
    header.extend(ebml(&[0x42, 0x82], b"webm"));
    header.extend(ebml_uint(&[0x42, 0x87], 4));
    header.extend(ebml_uint(&[0x42, 0x85], 2));
    let mut out = ebml(&[0x1A, 0x45, 0xDF, 0xA3], &header);
    out.extend_from_slice(&[
        0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ]);
    let mut info = ebml_uint(&[0x2A, 0xD7, 0xB1], 1_000_000);
    info.extend(ebml(&[0x4D, 0x80], b"bangban"));
    info.extend(ebml(&[0x57, 0x41], b"bangban"));
    out.extend(ebml(&[0x15, 0x49, 0xA9, 0x66], &info));
    let mut audio = ebml(&[0xB5], &48_000f64.to_be_bytes());
    audio.extend(ebml_uint(&[0x9F], 1));
    let mut track = ebml_uint(&[0xD7], 1);
    track.extend(ebml_uint(&[0x73, 0xC5], 1));
    track.extend(ebml_uint(&[0x83], 2));
    track.extend(ebml(&[0x86], b"A_OPUS"));
    track.extend(ebml(&[0x63, 0xA2], &opus_head()));
    track.extend(ebml(&[0xE1], &audio));
    out.extend(ebml(&[0x16, 0x54, 0xAE, 0x6B], &ebml(&[0xAE], &track)));
    let frames = ms / 20;
    for cluster_start in (0..frames).step_by(50) {
        out.extend_from_slice(&[
            0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        ]);
        out.extend(ebml_uint(&[0xE7], cluster_start * 20));
        for i in 0..50.min(frames - cluster_start) {
            let mut block = vec![0x81];
            block.extend_from_slice(&((i * 20) as i16).to_be_bytes());
            block.push(0x80);
            block.extend_from_slice(&OPUS_SILENCE);
            out.extend(ebml(&[0xA3], &block));
        }
    }
    out
}

fn ogg_crc(bytes: &[u8]) -> u32 {
    let mut crc = 0u32;
    for b in bytes {
        crc ^= u32::from(*b) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04C1_1DB7
            } else {
                crc << 1
            };
        }
    }
    crc
}

fn ogg_page(out: &mut Vec<u8>, flags: u8, granule: u64, seq: u32, packets: &[&[u8]]) {
    let start = out.len();
    out.extend_from_slice(b"OggS");
    out.push(0);
    out.push(flags);
    out.extend_from_slice(&granule.to_le_bytes());
    out.extend_from_slice(&0x6261_6E67u32.to_le_bytes());
    out.extend_from_slice(&seq.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    let mut lacing = Vec::new();
    for p in packets {
        lacing.extend(std::iter::repeat_n(255u8, p.len() / 255));
        lacing.push((p.len() % 255) as u8);
    }
    out.push(lacing.len() as u8);
    out.extend_from_slice(&lacing);
    for p in packets {
        out.extend_from_slice(p);
    }
    let crc = ogg_crc(&out[start..]);
    out[start + 22..start + 26].copy_from_slice(&crc.to_le_bytes());
}

/// An Ogg/Opus clip of `ms` milliseconds, as Firefox's MediaRecorder writes it.
pub fn ogg_opus(ms: u64) -> Vec<u8> {
    let mut out = Vec::new();
    ogg_page(&mut out, 0x02, 0, 0, &[&opus_head()]);
    let mut tags = b"OpusTags".to_vec();
    tags.extend_from_slice(&7u32.to_le_bytes());
    tags.extend_from_slice(b"bangban");
    tags.extend_from_slice(&0u32.to_le_bytes());
    ogg_page(&mut out, 0, 0, 1, &[&tags]);
    let frames = ms / 20;
    let mut done = 0;
    let mut seq = 2;
    while done < frames {
        let n = 50.min(frames - done);
        done += n;
        let packets: Vec<&[u8]> = (0..n).map(|_| &OPUS_SILENCE[..]).collect();
        let flags = if done == frames { 0x04 } else { 0 };
        ogg_page(&mut out, flags, 312 + done * 960, seq, &packets);
        seq += 1;
    }
    out
}

fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(body);
    out
}

fn full_box(kind: &[u8; 4], version_flags: u32, body: &[u8]) -> Vec<u8> {
    let mut inner = version_flags.to_be_bytes().to_vec();
    inner.extend_from_slice(body);
    mp4_box(kind, &inner)
}

/// An MP4/AAC clip of about `ms` milliseconds (44.1 kHz, 1024-sample frames); `fragmented` lays it out as
/// Safari's MediaRecorder does (empty durations in the headers, the samples in `moof` fragments).
pub fn mp4_aac(ms: u64, fragmented: bool) -> Vec<u8> {
    let frames = ms * 44_100 / 1000 / 1024 + u64::from(!(ms * 44_100 / 1000).is_multiple_of(1024));
    let ticks = frames * 1024;
    let mut ftyp = b"M4A ".to_vec();
    ftyp.extend_from_slice(&0u32.to_be_bytes());
    ftyp.extend_from_slice(b"isomiso2mp41");
    let mut out = mp4_box(b"ftyp", &ftyp);
    let movie_ms = if fragmented { 0 } else { ticks * 1000 / 44_100 };
    let mut mvhd = vec![0u8; 12];
    mvhd.extend_from_slice(&1000u32.to_be_bytes());
    mvhd.extend_from_slice(&(movie_ms as u32).to_be_bytes());
    mvhd.extend_from_slice(&[0u8; 80]);
    let mut mdhd = vec![0u8; 12];
    mdhd.extend_from_slice(&44_100u32.to_be_bytes());
    mdhd.extend_from_slice(&(if fragmented { 0 } else { ticks } as u32).to_be_bytes());
    mdhd.extend_from_slice(&[0x55, 0xC4, 0, 0]);
    let mut hdlr = vec![0u8; 4];
    hdlr.extend_from_slice(b"soun");
    hdlr.extend_from_slice(&[0u8; 12]);
    hdlr.extend_from_slice(b"bangban\0");
    let mut mp4a = vec![0u8; 6];
    mp4a.extend_from_slice(&1u16.to_be_bytes());
    mp4a.extend_from_slice(&[0u8; 8]);
    mp4a.extend_from_slice(&1u16.to_be_bytes());
    mp4a.extend_from_slice(&16u16.to_be_bytes());
    mp4a.extend_from_slice(&[0u8; 4]);
    mp4a.extend_from_slice(&(44_100u32 << 16).to_be_bytes());
    let mut stsd = 1u32.to_be_bytes().to_vec();
    stsd.extend(mp4_box(b"mp4a", &mp4a));
    let stbl = mp4_box(b"stbl", &full_box(b"stsd", 0, &stsd));
    let minf = mp4_box(b"minf", &stbl);
    let mut mdia = full_box(b"mdhd", 0, &mdhd[4..]);
    mdia.extend(full_box(b"hdlr", 0, &hdlr));
    mdia.extend(minf);
    let trak = mp4_box(b"trak", &mp4_box(b"mdia", &mdia));
    let mut moov = full_box(b"mvhd", 0, &mvhd[4..]);
    moov.extend(trak);
    if fragmented {
        let mut trex = 1u32.to_be_bytes().to_vec();
        trex.extend_from_slice(&1u32.to_be_bytes());
        trex.extend_from_slice(&1024u32.to_be_bytes());
        trex.extend_from_slice(&[0u8; 8]);
        moov.extend(mp4_box(b"mvex", &full_box(b"trex", 0, &trex)));
    }
    out.extend(mp4_box(b"moov", &moov));
    if fragmented {
        let mut traf = full_box(b"tfhd", 0x02_0000, &1u32.to_be_bytes());
        traf.extend(full_box(b"trun", 0, &(frames as u32).to_be_bytes()));
        let mut moof = full_box(b"mfhd", 0, &1u32.to_be_bytes());
        moof.extend(mp4_box(b"traf", &traf));
        out.extend(mp4_box(b"moof", &moof));
        out.extend(mp4_box(b"mdat", &vec![0x21u8; frames as usize * 4]));
    }
    out
}

/// Bytes that are no known file, deterministic.
pub fn random_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut out: Vec<u8> = (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    if let Some(first) = out.first_mut() {
        *first = 0x00;
    }
    out
}
