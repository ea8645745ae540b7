//! Multibase (base58btc only) and the two multicodec headers Ed25519 keys use.

use super::KeyError;

/// Multicodec `ed25519-pub` (0xed) as an unsigned varint.
pub(crate) const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec `ed25519-priv` (0x1300) as an unsigned varint.
pub(crate) const ED25519_PRIV: [u8; 2] = [0x80, 0x26];

/// `z` + base58btc(bytes).
pub(crate) fn encode_base58btc(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 138 / 100 + 2);
    out.push('z');
    out.push_str(&bs58::encode(bytes).into_string());
    out
}

/// Decodes a base58btc multibase string (`z…`); every other multibase header is refused.
pub(crate) fn decode_base58btc(value: &str) -> Result<Vec<u8>, KeyError> {
    let Some(rest) = value.strip_prefix('z') else {
        return Err(KeyError::Multibase {
            reason: match value.chars().next() {
                Some(c) => format!("header `{c}` is not base58btc (`z`)"),
                None => "empty string".to_owned(),
            },
        });
    };
    decode_base58(rest)
}

/// Decodes plain base58btc (Bitcoin alphabet), as in `publicKeyBase58`.
pub(crate) fn decode_base58(value: &str) -> Result<Vec<u8>, KeyError> {
    bs58::decode(value)
        .into_vec()
        .map_err(|e| KeyError::Multibase {
            reason: e.to_string(),
        })
}

/// Splits off an expected two-byte multicodec header.
pub(crate) fn strip_codec<'a>(
    bytes: &'a [u8],
    header: [u8; 2],
    name: &'static str,
) -> Result<&'a [u8], KeyError> {
    match bytes.strip_prefix(&header[..]) {
        Some(rest) => Ok(rest),
        None => Err(KeyError::Multicodec {
            expected: name,
            found: bytes.iter().take(2).map(|b| format!("{b:02x}")).collect(),
        }),
    }
}
