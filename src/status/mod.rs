//! Credential status: W3C Bitstring Status List v1.0 (verifying and
//! issuing), the legacy StatusList2021 shapes, and the 1EdTech revocation
//! list (`1EdTechRevocationList`).
//!
//! Nothing here fetches anything: the caller dereferences
//! `statusListCredential` (and verifies that credential's proof) and hands the
//! JSON in. Decoding a list is the expensive step (base64url + GZIP), so it is
//! done once into a [`DecodedStatusList`] that the caller keeps and looks up
//! many entries in.
//!
//! ## Verifying
//!
//! ```
//! use openbadges::status::{BitstringStatusListEntry, DecodedStatusList, StatusList, StatusListConfig};
//! use serde_json::json;
//!
//! # let mut list = StatusList::new(StatusListConfig::revocation().with_seed([7; 32]))?;
//! # let index = list.allocate()?;
//! # list.set(index, true)?;
//! # let valid_from = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
//! # let list_credential = list.to_credential("did:example:issuer", "https://example.org/status/1", valid_from, None);
//! # let credential_status = list.credential_status_entry(index, "https://example.org/status/1")?;
//! // `credential_status` is the credential's `credentialStatus` object,
//! // `list_credential` the (verified) BitstringStatusListCredential it points to.
//! let entry = BitstringStatusListEntry::from_value(&credential_status)?;
//! let decoded = DecodedStatusList::from_credential(&list_credential)?; // keep and reuse
//! let status = decoded.status_of(&entry)?;
//! assert!(status.is_set()); // revoked
//! # Ok::<(), openbadges::status::StatusError>(())
//! ```
//!
//! ## Issuing
//!
//! [`StatusList`] allocates random, never-reused indexes, produces the
//! `credentialStatus` entry for each credential and the unsigned
//! `BitstringStatusListCredential`, and persists through a plain serde
//! [`StatusListSnapshot`].

mod allocator;
mod bitstring;
mod issue;
mod revocation_list;
mod verify;

pub use allocator::AllocatorState;
pub use issue::{StatusList, StatusListConfig, StatusListSnapshot};
pub use revocation_list::{RevocationList, RevokedCredential};
pub use verify::{
    BitstringStatusListEntry, DecodedStatusList, StatusLimits, StatusValue, status_of,
};

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The smallest list the specification allows: 131,072 entries (16 KiB of
/// 1-bit statuses), so that one index reveals little about who holds it.
pub const MIN_ENTRIES: u64 = 131_072;

/// Why a status entry, list or lookup was refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatusError {
    /// A required property is absent (JSON Pointer into the given document).
    #[error("missing {pointer}")]
    MissingField {
        /// Where the property should be.
        pointer: String,
    },
    /// A property has the wrong shape or value.
    #[error("invalid {pointer}: {reason}")]
    InvalidField {
        /// The property.
        pointer: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The `type` is not one this module handles.
    #[error("unsupported type at {pointer}: expected {expected}")]
    UnsupportedType {
        /// The `type` property.
        pointer: String,
        /// What was expected.
        expected: &'static str,
    },
    /// `encodedList` lacks the multibase `u` (base64url) prefix.
    #[error("encodedList is not multibase base64url (must start with 'u')")]
    MissingMultibasePrefix,
    /// `encodedList` is not base64url.
    #[error("encodedList is not valid base64url")]
    InvalidBase64,
    /// The decoded bytes are not a valid GZIP stream.
    #[error("encodedList is not valid GZIP: {reason}")]
    InvalidGzip {
        /// Decompressor message.
        reason: String,
    },
    /// `encodedList` is longer than [`StatusLimits::max_encoded_bytes`].
    #[error("encodedList is {len} bytes, over the {limit}-byte limit")]
    EncodedTooLarge {
        /// Its length.
        len: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The list decompresses to more than [`StatusLimits::max_decoded_bytes`]
    /// (a compression bomb, or a list bigger than allowed).
    #[error("status list decompresses to more than {limit} bytes")]
    DecodedTooLarge {
        /// The limit in force.
        limit: usize,
    },
    /// The list holds fewer entries than the required minimum.
    #[error("status list has {entries} entries, fewer than the minimum {minimum}")]
    ListTooShort {
        /// Entries in the list (bits / statusSize).
        entries: u64,
        /// The minimum in force.
        minimum: u64,
    },
    /// `statusListIndex` (times `statusSize`) is past the end of the list.
    #[error("status index {index} is past the end of the list ({entries} entries)")]
    IndexOutOfRange {
        /// The index.
        index: u64,
        /// Entries in the list.
        entries: u64,
    },
    /// The list's length in bits is not a multiple of `statusSize`.
    #[error("status list of {bits} bits cannot hold {status_size}-bit entries")]
    StatusSizeMismatch {
        /// Bits in the list.
        bits: u64,
        /// The entry's `statusSize`.
        status_size: u8,
    },
    /// The entry's `statusPurpose` is not among the list's.
    #[error("entry purpose {entry:?} is not among the list's purposes {list:?}")]
    PurposeMismatch {
        /// The entry's purpose.
        entry: String,
        /// The list's purposes.
        list: Vec<String>,
    },
    /// Every index of the list has been handed out.
    #[error("status list is full: all {entries} indexes are allocated")]
    ListFull {
        /// Entries in the list.
        entries: u64,
    },
    /// The list was rebuilt from a published credential, which does not
    /// carry the allocator's state; restore from a [`StatusListSnapshot`] to
    /// allocate.
    #[error("allocator state unavailable: restore the list from its snapshot to allocate")]
    AllocatorUnavailable,
    /// The index was never handed out by this list's allocator.
    #[error("index {index} was not allocated by this list")]
    IndexNotAllocated {
        /// The index.
        index: u64,
    },
    /// Revocation cannot be undone.
    #[error("index {index} is revoked; revocation is final")]
    RevocationIsFinal {
        /// The index.
        index: u64,
    },
    /// The value does not fit in `statusSize` bits.
    #[error("value {value} does not fit in {status_size} bits")]
    ValueOutOfRange {
        /// The value.
        value: u64,
        /// Bits per entry.
        status_size: u8,
    },
    /// The list configuration is not allowed.
    #[error("invalid status list configuration: {reason}")]
    InvalidConfig {
        /// What is wrong.
        reason: &'static str,
    },
}

/// `statusPurpose`: what a set status means.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum StatusPurpose {
    /// Set = revoked, permanently.
    Revocation,
    /// Set = suspended; may be cleared.
    Suspension,
    /// Set = a refreshed credential is available.
    Refresh,
    /// The value selects one of the entry's `statusMessage`s.
    Message,
    /// Any other purpose string, kept verbatim.
    Other(String),
}

impl StatusPurpose {
    /// The `statusPurpose` string.
    pub fn as_str(&self) -> &str {
        match self {
            StatusPurpose::Revocation => "revocation",
            StatusPurpose::Suspension => "suspension",
            StatusPurpose::Refresh => "refresh",
            StatusPurpose::Message => "message",
            StatusPurpose::Other(s) => s,
        }
    }
}

impl From<String> for StatusPurpose {
    fn from(s: String) -> Self {
        match s.as_str() {
            "revocation" => StatusPurpose::Revocation,
            "suspension" => StatusPurpose::Suspension,
            "refresh" => StatusPurpose::Refresh,
            "message" => StatusPurpose::Message,
            _ => StatusPurpose::Other(s),
        }
    }
}

impl From<&str> for StatusPurpose {
    fn from(s: &str) -> Self {
        StatusPurpose::from(s.to_owned())
    }
}

impl From<StatusPurpose> for String {
    fn from(p: StatusPurpose) -> Self {
        p.as_str().to_owned()
    }
}

impl std::fmt::Display for StatusPurpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `statusMessage` item: the meaning of a status value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusMessage {
    /// The value, written in JSON as a hex string (`"0x2"`).
    #[serde(with = "hex_status")]
    pub status: u64,
    /// Its meaning, for people.
    pub message: String,
}

impl StatusMessage {
    /// A message for `status`.
    pub fn new(status: u64, message: impl Into<String>) -> Self {
        StatusMessage {
            status,
            message: message.into(),
        }
    }
}

/// `"0x…"` strings for status values, as the specification writes them.
mod hex_status {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:#x}"))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_hex_status(&s)
            .ok_or_else(|| D::Error::custom("status must be a 0x-prefixed hex string"))
    }
}

/// Parses `"0x1f"` (case-insensitive prefix and digits).
fn parse_hex_status(s: &str) -> Option<u64> {
    let digits = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    u64::from_str_radix(digits, 16).ok()
}
