//! The bitstring itself and its `encodedList` form: multibase `u` +
//! base64url (no padding) of the GZIP-compressed bits. Index 0 is the
//! left-most (most significant) bit of the first byte.

use std::io::{Read, Write};

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use flate2::Compression;
use flate2::bufread::GzDecoder;
use flate2::write::GzEncoder;

use super::StatusError;

/// base64url; writes no padding, reads with or without it.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A bitstring of fixed length, whole bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bitstring {
    bytes: Vec<u8>,
}

impl Bitstring {
    /// All-zero bits, `bits` rounded up to whole bytes.
    pub(crate) fn zeroed(bits: u64) -> Result<Self, StatusError> {
        let len = usize::try_from(bits.div_ceil(8)).map_err(|_| StatusError::InvalidConfig {
            reason: "list too large for this platform",
        })?;
        Ok(Bitstring {
            bytes: vec![0; len],
        })
    }

    /// Length in bits.
    pub(crate) fn bit_len(&self) -> u64 {
        self.bytes.len() as u64 * 8
    }

    /// The `size`-bit value of entry `index`, most significant bit first.
    /// `None` past the end.
    pub(crate) fn get(&self, index: u64, size: u8) -> Option<u64> {
        let start = index.checked_mul(u64::from(size))?;
        let end = start.checked_add(u64::from(size))?;
        if end > self.bit_len() {
            return None;
        }
        let mut value = 0u64;
        for bit in start..end {
            let byte = *self.bytes.get(usize::try_from(bit / 8).ok()?)?;
            value = (value << 1) | u64::from((byte >> (7 - bit % 8)) & 1);
        }
        Some(value)
    }

    /// Sets entry `index` to `value` (which must fit in `size` bits).
    /// Returns `None` past the end.
    pub(crate) fn set(&mut self, index: u64, size: u8, value: u64) -> Option<()> {
        let start = index.checked_mul(u64::from(size))?;
        let end = start.checked_add(u64::from(size))?;
        if end > self.bit_len() {
            return None;
        }
        for (i, bit) in (start..end).enumerate() {
            let shift = u64::from(size) - 1 - i as u64;
            let on = (value >> shift) & 1 == 1;
            let byte = self.bytes.get_mut(usize::try_from(bit / 8).ok()?)?;
            let mask = 1u8 << (7 - bit % 8);
            if on {
                *byte |= mask;
            } else {
                *byte &= !mask;
            }
        }
        Some(())
    }

    /// `u` + base64url(GZIP(bits)).
    pub(crate) fn encode(&self) -> String {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        // Writing to a Vec cannot fail.
        let compressed = gz
            .write_all(&self.bytes)
            .and_then(|()| gz.finish())
            .unwrap_or_default();
        let mut out = String::with_capacity(1 + compressed.len() * 4 / 3 + 4);
        out.push('u');
        BASE64URL.encode_string(&compressed, &mut out);
        out
    }

    /// Decodes an `encodedList`. `require_prefix` is false only for the
    /// legacy StatusList2021, whose lists were plain base64url.
    pub(crate) fn decode(
        encoded: &str,
        require_prefix: bool,
        max_encoded: usize,
        max_decoded: usize,
    ) -> Result<Self, StatusError> {
        if encoded.len() > max_encoded {
            return Err(StatusError::EncodedTooLarge {
                len: encoded.len(),
                limit: max_encoded,
            });
        }
        let body = match encoded.strip_prefix('u') {
            Some(body) => body,
            None if !require_prefix => encoded,
            None => return Err(StatusError::MissingMultibasePrefix),
        };
        let compressed = BASE64URL
            .decode(body)
            .map_err(|_| StatusError::InvalidBase64)?;
        let mut bytes = Vec::new();
        // Read one byte past the limit to tell "exactly at" from "over".
        let cap = (max_decoded as u64).saturating_add(1);
        let mut decoder = GzDecoder::new(compressed.as_slice()).take(cap);
        decoder
            .read_to_end(&mut bytes)
            .map_err(|e| StatusError::InvalidGzip {
                reason: e.to_string(),
            })?;
        if bytes.len() > max_decoded {
            return Err(StatusError::DecodedTooLarge { limit: max_decoded });
        }
        // Exactly one GZIP member: other decoders (Python's `gzip`, multi-member readers) go on
        // to read a second member or stop at trailing garbage, so bytes after the first member
        // would make the same list mean different things to different verifiers.
        let rest = decoder.into_inner().into_inner().len();
        if rest > 0 {
            return Err(StatusError::InvalidGzip {
                reason: format!(
                    "{rest} bytes follow the GZIP member (trailing data or a second member)"
                ),
            });
        }
        Ok(Bitstring { bytes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msb_first_bit_order() {
        let mut b = Bitstring::zeroed(16).unwrap();
        b.set(0, 1, 1).unwrap();
        b.set(9, 1, 1).unwrap();
        assert_eq!(b.bytes, [0b1000_0000, 0b0100_0000]);
        b.set(1, 4, 0b1011).unwrap(); // bits 4..8
        assert_eq!(b.bytes, [0b1000_1011, 0b0100_0000]);
        assert_eq!(b.get(1, 4), Some(0b1011));
        assert_eq!(b.get(4, 4), None);
        assert_eq!(b.get(u64::MAX, 2), None);
    }

    #[test]
    fn encode_decode_round_trip() {
        let mut b = Bitstring::zeroed(131_072).unwrap();
        b.set(12345, 1, 1).unwrap();
        let e = b.encode();
        assert!(e.starts_with("uH4sI"));
        assert_eq!(Bitstring::decode(&e, true, 1 << 20, 1 << 20).unwrap(), b);
        assert_eq!(
            Bitstring::decode(&e[1..], true, 1 << 20, 1 << 20),
            Err(StatusError::MissingMultibasePrefix)
        );
        assert_eq!(
            Bitstring::decode(&e[1..], false, 1 << 20, 1 << 20).unwrap(),
            b
        );
        assert_eq!(
            Bitstring::decode(&e, true, 1 << 20, 16_383),
            Err(StatusError::DecodedTooLarge { limit: 16_383 })
        );
        assert_eq!(Bitstring::decode(&e, true, 1 << 20, 16_384).unwrap(), b);
    }

    /// Trailing bytes or a second GZIP member are refused, never ignored.
    #[test]
    fn only_one_gzip_member() {
        let one = Bitstring::zeroed(8).unwrap();
        let mut second = Bitstring::zeroed(8).unwrap();
        second.set(0, 1, 1).unwrap();
        let gz = |b: &Bitstring| BASE64URL.decode(&b.encode()[1..]).unwrap();
        let mut two_members = gz(&one);
        two_members.extend(gz(&second));
        let mut trailing = gz(&one);
        trailing.extend_from_slice(b"\0\0junk");
        for compressed in [two_members, trailing] {
            let encoded = format!("u{}", BASE64URL.encode(&compressed));
            assert!(matches!(
                Bitstring::decode(&encoded, true, 1 << 20, 1 << 20),
                Err(StatusError::InvalidGzip { reason }) if reason.contains("follow the GZIP member")
            ));
        }
    }
}
