//! Screenshots and photos: decoded with limits, turned upright, re-encoded, thumbnailed.
//!
//! Re-encoding keeps only the pixels: EXIF (with GPS position, camera serials, time) and every other
//! metadata block of the upload is gone from what we store. JPEG stays JPEG (photos); PNG, WebP and GIF
//! (first frame) become PNG (screenshots keep sharp text).

use std::io::Cursor;

use bangban_core::media::{MAX_IMAGE_PIXELS, MediaProblem, MediaType, THUMB_SIDE};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// What we keep of an image upload.
#[derive(Debug)]
pub struct Image {
    /// The stored type (PNG or JPEG).
    pub media: MediaType,
    /// The re-encoded file.
    pub bytes: Vec<u8>,
    /// Width in pixels, after turning upright.
    pub width: u32,
    /// Height in pixels, after turning upright.
    pub height: u32,
    /// A JPEG (or PNG when there is transparency) no larger than [`THUMB_SIDE`] on either side.
    pub thumb: Vec<u8>,
    /// The thumbnail's type.
    pub thumb_media: MediaType,
}

/// JPEG quality of stored photos and thumbnails.
const JPEG_QUALITY: u8 = 85;
/// The decoder may allocate at most this much: 40 MP of RGBA is 160 MB, plus the decoder's own buffers.
const MAX_ALLOC: u64 = 400 * 1024 * 1024;

fn format_of(media: MediaType) -> Result<ImageFormat, MediaProblem> {
    Ok(match media {
        MediaType::Png => ImageFormat::Png,
        MediaType::Jpeg => ImageFormat::Jpeg,
        MediaType::Webp => ImageFormat::WebP,
        MediaType::Gif => ImageFormat::Gif,
        _ => return Err(MediaProblem::UnsupportedType),
    })
}

/// Decodes, checks and re-encodes an image. CPU-heavy: call it off the async runtime.
pub fn process(media: MediaType, data: &[u8]) -> Result<Image, MediaProblem> {
    let format = format_of(media)?;
    // The header first: a 60000x60000 "decompression bomb" is refused before a byte is decoded.
    let (width, height) = ImageReader::with_format(Cursor::new(data), format)
        .into_dimensions()
        .map_err(|_| MediaProblem::BrokenImage)?;
    if width == 0 || height == 0 {
        return Err(MediaProblem::BrokenImage);
    }
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(MediaProblem::TooManyPixels);
    }
    let mut reader = ImageReader::with_format(Cursor::new(data), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| MediaProblem::BrokenImage)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| MediaProblem::BrokenImage)?;
    picture.apply_orientation(orientation);
    let (stored, bytes) = if media == MediaType::Jpeg {
        (MediaType::Jpeg, jpeg(&picture)?)
    } else {
        (MediaType::Png, png(&picture)?)
    };
    let small = picture.thumbnail(THUMB_SIDE, THUMB_SIDE);
    let (thumb_media, thumb) = if small.color().has_alpha() {
        (MediaType::Png, png(&small)?)
    } else {
        (MediaType::Jpeg, jpeg(&small)?)
    };
    Ok(Image {
        media: stored,
        width: picture.width(),
        height: picture.height(),
        bytes,
        thumb,
        thumb_media,
    })
}

fn jpeg(picture: &DynamicImage) -> Result<Vec<u8>, MediaProblem> {
    let mut out = Vec::new();
    let rgb = picture.to_rgb8();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| MediaProblem::BrokenImage)?;
    Ok(out)
}

fn png(picture: &DynamicImage) -> Result<Vec<u8>, MediaProblem> {
    let mut out = Cursor::new(Vec::new());
    let flat = if picture.color().has_alpha() {
        DynamicImage::ImageRgba8(picture.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(picture.to_rgb8())
    };
    flat.write_to(&mut out, ImageFormat::Png)
        .map_err(|_| MediaProblem::BrokenImage)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::samples;

    #[test]
    fn a_jpeg_with_gps_comes_back_without_any_exif() {
        let upload = samples::jpeg_with_gps(64, 48);
        assert!(samples::has_exif(&upload), "the sample carries EXIF");
        let image = process(MediaType::Jpeg, &upload).unwrap();
        assert_eq!(image.media, MediaType::Jpeg);
        assert!(!samples::has_exif(&image.bytes));
        assert!(!samples::has_exif(&image.thumb));
        assert_eq!((image.width, image.height), (64, 48));
    }

    #[test]
    fn screenshots_become_png_with_a_small_thumbnail() {
        let image = process(MediaType::Png, &samples::png(1280, 720)).unwrap();
        assert_eq!(image.media, MediaType::Png);
        assert_eq!(image.thumb_media, MediaType::Jpeg);
        let thumb = image::load_from_memory(&image.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (320, 180));
    }

    #[test]
    fn bombs_and_broken_files_are_refused() {
        assert_eq!(
            process(MediaType::Png, &samples::png_bomb_header(60_000, 60_000)).unwrap_err(),
            MediaProblem::TooManyPixels
        );
        let whole = samples::png(200, 200);
        assert_eq!(
            process(MediaType::Png, &whole[..whole.len() / 2]).unwrap_err(),
            MediaProblem::BrokenImage
        );
        assert_eq!(
            process(MediaType::Gif, b"GIF89a").unwrap_err(),
            MediaProblem::BrokenImage
        );
    }
}
