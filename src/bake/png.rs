//! PNG baking: one uncompressed `iTXt` chunk with keyword
//! `openbadgecredential`, placed just before `IEND`.
//!
//! Reading walks the chunk list without decoding any pixels: it checks the
//! signature, that `IHDR` comes first, every chunk's CRC-32 and declared
//! length (against [`UnbakeLimits`], before anything depends on it), and
//! stops at `IEND`. Writing copies every byte of the original image except an
//! existing `openbadgecredential` chunk, which the new one replaces.
//!
//! ```
//! use openbadges::bake::{png, Payload};
//!
//! # let image = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/images/palette-8x8.png")).unwrap();
//! let baked = png::bake(&image, &Payload::Jwt("aGVhZA.Ym9keQ.c2ln".to_owned()))?;
//! let found = png::unbake(&baked)?;
//! assert_eq!(found.payload.as_str(), "aGVhZA.Ym9keQ.c2ln");
//! # Ok::<(), openbadges::bake::BakeError>(())
//! ```

use super::{BakeError, Carrier, Embedding, ImageFormat, Payload, UnbakeLimits, Unbaked};

/// The 8-byte PNG file signature.
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
/// The OB 3.0 `iTXt` keyword.
pub const KEYWORD: &str = "openbadgecredential";
/// The OB 2.0 keyword, read for legacy badges.
pub const LEGACY_KEYWORD: &str = "openbadges";

/// PNG caps a chunk's data length at 2^31 − 1 bytes.
const PNG_MAX_CHUNK: u64 = 0x7FFF_FFFF;
/// Room in a text chunk beyond the text: keyword (≤ 79) + NULs + flags +
/// language tag + translated keyword.
const TEXT_CHUNK_OVERHEAD: usize = 1024;

/// One chunk as laid out in the file.
struct Chunk<'a> {
    /// Offset of the length field.
    offset: usize,
    ty: [u8; 4],
    data: &'a [u8],
    /// Offset just past the CRC.
    end: usize,
}

impl Chunk<'_> {
    fn name(&self) -> String {
        String::from_utf8_lossy(&self.ty).into_owned()
    }
}

fn is_text_chunk(ty: &[u8; 4]) -> bool {
    matches!(ty, b"iTXt" | b"tEXt" | b"zTXt")
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(b.try_into().ok()?))
}

/// Walks every chunk up to and including `IEND`, checking layout, limits and
/// CRCs, and hands each to `visit`. Returns the offset of `IEND`.
fn walk<'a>(
    bytes: &'a [u8],
    limits: &UnbakeLimits,
    mut visit: impl FnMut(&Chunk<'a>) -> Result<(), BakeError>,
) -> Result<usize, BakeError> {
    if !bytes.starts_with(&SIGNATURE) {
        return Err(BakeError::PngSignature);
    }
    let text_limit = limits.max_payload_bytes.saturating_add(TEXT_CHUNK_OVERHEAD);
    let mut pos = SIGNATURE.len();
    let mut first = true;
    loop {
        let truncated = |chunk: Option<String>| BakeError::Truncated { offset: pos, chunk };
        let length = be_u32(bytes, pos).ok_or_else(|| truncated(None))?;
        let ty: [u8; 4] = bytes
            .get(pos + 4..pos + 8)
            .and_then(|t| t.try_into().ok())
            .ok_or_else(|| truncated(None))?;
        if !ty.iter().all(u8::is_ascii_alphabetic) {
            return Err(BakeError::InvalidChunkType { offset: pos + 4 });
        }
        let name = || String::from_utf8_lossy(&ty).into_owned();
        let limit = if is_text_chunk(&ty) {
            text_limit
        } else {
            limits.max_image_bytes
        };
        // Lengths are judged before any slice or allocation depends on them.
        if u64::from(length) > PNG_MAX_CHUNK || u64::from(length) > limit as u64 {
            return Err(BakeError::ChunkTooLarge {
                chunk: name(),
                offset: pos,
                length: u64::from(length),
                limit: limit.min(PNG_MAX_CHUNK as usize),
            });
        }
        let data_start = pos + 8;
        let data_end = data_start + length as usize;
        let data = bytes
            .get(data_start..data_end)
            .ok_or_else(|| truncated(Some(name())))?;
        let stored = be_u32(bytes, data_end).ok_or_else(|| truncated(Some(name())))?;
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(&ty);
        hasher.update(data);
        let computed = hasher.finalize();
        if stored != computed {
            return Err(BakeError::CrcMismatch {
                chunk: name(),
                offset: pos,
                stored,
                computed,
            });
        }
        if first && &ty != b"IHDR" {
            return Err(BakeError::MissingIhdr);
        }
        first = false;
        let chunk = Chunk {
            offset: pos,
            ty,
            data,
            end: data_end + 4,
        };
        if &ty == b"IEND" {
            return Ok(pos);
        }
        visit(&chunk)?;
        pos = chunk.end;
    }
}

/// A parsed text chunk whose keyword we care about.
struct Text<'a> {
    embedding: Embedding,
    /// Read from a `tEXt` chunk rather than an `iTXt` one.
    in_text_chunk: bool,
    compressed: bool,
    text: &'a [u8],
    /// Offset of the text in the file.
    text_offset: usize,
}

/// Splits off the bytes before the next NUL.
fn until_nul(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = data.iter().position(|&b| b == 0)?;
    Some((data.get(..at)?, data.get(at + 1..)?))
}

/// Parses an `iTXt` or `tEXt` chunk if its keyword is one of ours.
fn badge_text<'a>(chunk: &Chunk<'a>) -> Result<Option<Text<'a>>, BakeError> {
    let is_itxt = &chunk.ty == b"iTXt";
    if !is_itxt && &chunk.ty != b"tEXt" {
        return Ok(None);
    }
    let malformed = |reason| BakeError::MalformedTextChunk {
        chunk: chunk.name(),
        offset: chunk.offset,
        reason,
    };
    let Some((keyword, rest)) = until_nul(chunk.data) else {
        return Err(malformed("keyword not NUL-terminated"));
    };
    let embedding = match keyword {
        k if k == KEYWORD.as_bytes() && is_itxt => Embedding::Ob3,
        k if k == LEGACY_KEYWORD.as_bytes() => Embedding::Ob2Legacy,
        _ => return Ok(None),
    };
    let data_offset = chunk.offset + 8;
    if !is_itxt {
        // tEXt (OB 1.0/2.0 hosted badges): keyword NUL Latin-1 text.
        let text_offset = data_offset + keyword.len() + 1;
        return Ok(Some(Text {
            embedding,
            in_text_chunk: true,
            compressed: false,
            text: rest,
            text_offset,
        }));
    }
    let [flag, method, after @ ..] = rest else {
        return Err(malformed("missing compression flag and method"));
    };
    if *flag > 1 {
        return Err(malformed("compression flag is neither 0 nor 1"));
    }
    let Some((_language, after)) = until_nul(after) else {
        return Err(malformed("language tag not NUL-terminated"));
    };
    let Some((_translated, text)) = until_nul(after) else {
        return Err(malformed("translated keyword not NUL-terminated"));
    };
    Ok(Some(Text {
        embedding,
        in_text_chunk: false,
        compressed: *flag == 1 || *method != 0,
        text,
        text_offset: data_offset + (chunk.data.len() - text.len()),
    }))
}

/// Extracts the baked credential with the default [`UnbakeLimits`].
pub fn unbake(bytes: &[u8]) -> Result<Unbaked, BakeError> {
    unbake_with_limits(bytes, &UnbakeLimits::default())
}

/// Extracts the baked credential: the first `iTXt` chunk with keyword
/// `openbadgecredential`, or failing that the first OB 2.0 `openbadges`
/// chunk (reported as [`Embedding::Ob2Legacy`]). The whole chunk list is
/// still walked so that every CRC is checked.
pub fn unbake_with_limits(bytes: &[u8], limits: &UnbakeLimits) -> Result<Unbaked, BakeError> {
    limits.check_image(bytes)?;
    let mut found: Option<Text<'_>> = None;
    let mut legacy: Option<(Text<'_>, String, usize)> = None;
    walk(bytes, limits, |chunk| {
        if found.is_some() {
            return Ok(());
        }
        let Some(text) = badge_text(chunk)? else {
            return Ok(());
        };
        match text.embedding {
            Embedding::Ob3 => {
                if text.compressed {
                    return Err(BakeError::CompressedPayload {
                        keyword: KEYWORD.to_owned(),
                        offset: chunk.offset,
                    });
                }
                found = Some(text);
            }
            Embedding::Ob2Legacy => {
                if legacy.is_none() {
                    legacy = Some((text, chunk.name(), chunk.offset));
                }
            }
        }
        Ok(())
    })?;
    let text = match (found, legacy) {
        (Some(text), _) => text,
        (None, Some((text, chunk, offset))) => {
            if text.compressed {
                return Err(BakeError::CompressedPayload {
                    keyword: format!("{LEGACY_KEYWORD} ({chunk})"),
                    offset,
                });
            }
            text
        }
        (None, None) => return Err(BakeError::NotBaked),
    };
    if text.text.len() > limits.max_payload_bytes {
        return Err(BakeError::PayloadTooLarge {
            offset: text.text_offset,
            limit: limits.max_payload_bytes,
        });
    }
    let string = std::str::from_utf8(text.text)
        .map_err(|_| BakeError::PayloadNotUtf8 {
            offset: text.text_offset,
        })?
        .to_owned();
    Ok(Unbaked {
        format: ImageFormat::Png,
        payload: Payload::classify(string, text.embedding, text.text_offset)?,
        embedding: text.embedding,
        carrier: if text.in_text_chunk {
            Carrier::PngText
        } else {
            Carrier::PngItxt
        },
    })
}

/// Bakes `payload` into a PNG: the new `iTXt` chunk goes right before `IEND`;
/// any existing `openbadgecredential` chunk is dropped; every other byte of
/// the image is copied unchanged. The input's chunk list and CRCs are checked
/// first, so a damaged image is refused rather than re-emitted.
pub fn bake(image: &[u8], payload: &Payload) -> Result<Vec<u8>, BakeError> {
    let text = payload.check_bakeable()?;
    let limits = UnbakeLimits::UNLIMITED;
    let mut drop: Vec<(usize, usize)> = Vec::new();
    let iend = walk(image, &limits, |chunk| {
        if &chunk.ty == b"iTXt" && keyword_is(chunk.data, KEYWORD) {
            drop.push((chunk.offset, chunk.end));
        }
        Ok(())
    })?;
    let new_chunk = itxt_chunk(KEYWORD, text)?;
    let mut out = Vec::with_capacity(image.len() + new_chunk.len());
    let mut copied = 0;
    for (start, end) in drop {
        out.extend_from_slice(image.get(copied..start).unwrap_or_default());
        copied = end;
    }
    out.extend_from_slice(image.get(copied..iend).unwrap_or_default());
    out.extend_from_slice(&new_chunk);
    out.extend_from_slice(image.get(iend..).unwrap_or_default());
    Ok(out)
}

fn keyword_is(data: &[u8], keyword: &str) -> bool {
    data.strip_prefix(keyword.as_bytes())
        .is_some_and(|rest| rest.first() == Some(&0))
}

/// An uncompressed `iTXt` chunk: keyword, NUL, flag 0, method 0, empty
/// language tag, empty translated keyword, text; with its CRC.
fn itxt_chunk(keyword: &str, text: &str) -> Result<Vec<u8>, BakeError> {
    let data_len = keyword.len() + 5 + text.len();
    let length = u32::try_from(data_len)
        .ok()
        .filter(|&l| u64::from(l) <= PNG_MAX_CHUNK)
        .ok_or(BakeError::InvalidPayload {
            reason: "payload too large for a PNG chunk",
        })?;
    let mut chunk = Vec::with_capacity(data_len + 12);
    chunk.extend_from_slice(&length.to_be_bytes());
    chunk.extend_from_slice(b"iTXt");
    chunk.extend_from_slice(keyword.as_bytes());
    chunk.extend_from_slice(&[0, 0, 0, 0, 0]);
    chunk.extend_from_slice(text.as_bytes());
    let crc = crc32fast::hash(chunk.get(4..).unwrap_or_default());
    chunk.extend_from_slice(&crc.to_be_bytes());
    Ok(chunk)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid 1×1 greyscale PNG (signature, IHDR, IDAT, IEND) for examples.
    fn minimal_png() -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, ty: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(ty);
            out.extend_from_slice(data);
            let mut h = crc32fast::Hasher::new();
            h.update(ty);
            h.update(data);
            out.extend_from_slice(&h.finalize().to_be_bytes());
        }
        let mut out = SIGNATURE.to_vec();
        chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        // zlib stream of the single scanline [filter 0, pixel 0].
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn minimal_png_walks() {
        let png = minimal_png();
        let mut seen = Vec::new();
        let iend = walk(&png, &UnbakeLimits::default(), |c| {
            seen.push(c.name());
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, ["IHDR", "IDAT"]);
        assert_eq!(iend, png.len() - 12);
    }

    #[test]
    fn itxt_layout() {
        let c = itxt_chunk("openbadgecredential", "{}").unwrap();
        assert_eq!(&c[..4], &(19u32 + 5 + 2).to_be_bytes());
        assert_eq!(&c[4..8], b"iTXt");
        assert_eq!(&c[8..27], b"openbadgecredential");
        assert_eq!(&c[27..32], &[0, 0, 0, 0, 0]);
        assert_eq!(&c[32..34], b"{}");
        assert_eq!(&c[34..], &crc32fast::hash(&c[4..34]).to_be_bytes());
    }
}
