//! Connector logos: `GET /logos/{name}.png` answers a small PNG made in code for any connector
//! name, so every template's and application's `logo.url` (`/logos/<slug>.png`, relative to the
//! sandbox) shows a real image.
//!
//! Promises: served without a key (JumpCloud's logos are public images, and a client must not send
//! its key to fetch one), never faulted nor counted (see [`crate::faults`]), the same bytes for the
//! same name, each name its own colour; a name that is not a plain slug is a 404.

use std::sync::Arc;

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::http::error_response;
use crate::state::Shared;

/// The side of every logo, in pixels.
const SIDE: usize = 32;

const COLORS: [[u8; 3]; 8] = [
    [0x0b, 0x5c, 0xad],
    [0x1f, 0x7a, 0x4d],
    [0xb4, 0x23, 0x18],
    [0x6b, 0x3f, 0xa0],
    [0xc2, 0x6a, 0x00],
    [0x00, 0x7c, 0x89],
    [0x9c, 0x1c, 0x6b],
    [0x3d, 0x4a, 0x5c],
];

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/logos/{file}", get(logo))
}

async fn logo(Path(file): Path<String>) -> Response {
    let plain = |s: &str| {
        !s.is_empty()
            && s.len() <= 80
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    match file.strip_suffix(".png").filter(|name| plain(name)) {
        Some(name) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "max-age=86400"),
            ],
            png(name),
        )
            .into_response(),
        None => error_response(StatusCode::NOT_FOUND, "no such logo"),
    }
}

/// A `SIDE`×`SIDE` PNG for `name`: a disc on the name's colour, with a dot of it in the middle.
pub(crate) fn png(name: &str) -> Vec<u8> {
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let color = COLORS[hash as usize % COLORS.len()];
    let centre = (SIDE as f32 - 1.0) / 2.0;
    let mut raw = Vec::with_capacity(SIDE * (1 + 3 * SIDE));
    for y in 0..SIDE {
        raw.push(0); // filter: none
        for x in 0..SIDE {
            let d = ((x as f32 - centre).powi(2) + (y as f32 - centre).powi(2)).sqrt();
            let white = (4.5..10.5).contains(&d);
            raw.extend_from_slice(if white { &[0xff, 0xff, 0xff] } else { &color });
        }
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(SIDE as u32).to_be_bytes());
    ihdr.extend_from_slice(&(SIDE as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(kind.iter().chain(data));
    out.extend_from_slice(&crc.to_be_bytes());
}

/// `data` in a zlib stream of stored (uncompressed) deflate blocks: no compressor needed.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = data.chunks(u16::MAX as usize).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (a, b) = data.iter().fold((1_u32, 0_u32), |(a, b), &x| {
        let a = (a + u32::from(x)) % 65_521;
        (a, (b + a) % 65_521)
    });
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn crc32<'a>(bytes: impl Iterator<Item = &'a u8>) -> u32 {
    !bytes.fold(u32::MAX, |mut crc, &byte| {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
        crc
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksums_are_the_standard_ones() {
        // The check values of CRC-32 and Adler-32 for "123456789".
        assert_eq!(crc32(b"123456789".iter()), 0xCBF4_3926);
        let z = zlib_stored(b"123456789");
        assert_eq!(&z[z.len() - 4..], &0x091E_01DE_u32.to_be_bytes());
    }

    #[test]
    fn each_name_has_its_own_stable_png() {
        let zoom = png("zoom");
        assert!(zoom.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&zoom[12..16], b"IHDR");
        assert_eq!(zoom, png("zoom"), "the same bytes every time");
        assert_ne!(zoom, png("slack"));
        assert!(
            zoom.ends_with(b"IEND\xae\x42\x60\x82"),
            "the standard IEND chunk"
        );
    }
}
