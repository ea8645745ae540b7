//! Default identifiers and salts: `urn:uuid:` version 4 values and random hex salts from the OS.

/// Why fresh randomness could not be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the operating system random number generator failed")]
pub struct RandomnessError;

fn random_bytes<const N: usize>() -> Result<[u8; N], RandomnessError> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|_| RandomnessError)?;
    Ok(bytes)
}

/// A fresh `urn:uuid:` identifier (UUID version 4, RFC 9562).
///
/// ```
/// let id = openbadges::model::new_urn_uuid().unwrap();
/// assert!(id.starts_with("urn:uuid:") && id.len() == 45);
/// assert_eq!(&id[23..24], "4");
/// ```
pub fn new_urn_uuid() -> Result<String, RandomnessError> {
    Ok(format_urn_uuid(random_bytes::<16>()?))
}

/// Formats 16 random bytes as a version 4 `urn:uuid:` (sets the version and variant bits).
pub(crate) fn format_urn_uuid(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A fresh random salt: 16 bytes as 32 lowercase hex characters.
pub fn new_salt() -> Result<String, RandomnessError> {
    Ok(hex(&random_bytes::<16>()?))
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_bits() {
        assert_eq!(
            format_urn_uuid([0xff; 16]),
            "urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(
            format_urn_uuid([0; 16]),
            "urn:uuid:00000000-0000-4000-8000-000000000000"
        );
        assert_ne!(new_urn_uuid().unwrap(), new_urn_uuid().unwrap());
        assert_eq!(new_salt().unwrap().len(), 32);
    }
}
