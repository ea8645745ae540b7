//! The verifying side: parse a `credentialStatus` entry, decode a status
//! list credential once, look entries up.

use serde_json::{Map, Value, json};

use super::bitstring::Bitstring;
use super::{MIN_ENTRIES, StatusError, StatusMessage, StatusPurpose, parse_hex_status};

/// Largest `statusSize` accepted: an entry must list 2^statusSize messages,
/// so larger sizes cannot be described in any reasonable document.
const MAX_STATUS_SIZE: u8 = 16;

/// Caps applied while decoding untrusted status lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusLimits {
    /// Longest accepted `encodedList` string, in bytes.
    pub max_encoded_bytes: usize,
    /// Largest accepted decompressed bitstring, in bytes (compression-bomb
    /// guard: decompression stops here).
    pub max_decoded_bytes: usize,
    /// Fewest entries a list may have (bits / `statusSize`). The
    /// specification's default is [`MIN_ENTRIES`]; an ecosystem may set a
    /// different lower bound.
    pub min_entries: u64,
}

impl Default for StatusLimits {
    /// 16 MiB decoded (134 million 1-bit entries), 24 MiB encoded, and the
    /// specification's 131,072-entry minimum.
    fn default() -> Self {
        StatusLimits {
            max_encoded_bytes: 24 * 1024 * 1024,
            max_decoded_bytes: 16 * 1024 * 1024,
            min_entries: MIN_ENTRIES,
        }
    }
}

/// A parsed `credentialStatus` of type `BitstringStatusListEntry` (or the
/// legacy `StatusList2021Entry`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitstringStatusListEntry {
    /// `id`, if present.
    pub id: Option<String>,
    /// `statusPurpose`.
    pub purpose: StatusPurpose,
    /// `statusListIndex`.
    pub index: u64,
    /// `statusListCredential`: the URL of the list credential.
    pub list_credential: String,
    /// `statusSize` (bits per entry), 1 when absent.
    pub status_size: u8,
    /// `statusMessage`, empty when absent.
    pub messages: Vec<StatusMessage>,
    /// True for a legacy `StatusList2021Entry`.
    pub legacy_status_list_2021: bool,
}

fn missing(pointer: &str) -> StatusError {
    StatusError::MissingField {
        pointer: pointer.to_owned(),
    }
}

fn invalid(pointer: &str, reason: &'static str) -> StatusError {
    StatusError::InvalidField {
        pointer: pointer.to_owned(),
        reason,
    }
}

/// `type` as a list of strings (a single string or an array).
fn types(obj: &Map<String, Value>, pointer: &str) -> Result<Vec<String>, StatusError> {
    match obj.get("type") {
        None => Err(missing(pointer)),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| invalid(pointer, "must be a string or an array of strings"))
            })
            .collect(),
        Some(_) => Err(invalid(pointer, "must be a string or an array of strings")),
    }
}

fn string_field(obj: &Map<String, Value>, key: &str, pointer: &str) -> Result<String, StatusError> {
    match obj.get(key) {
        None => Err(missing(pointer)),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(invalid(pointer, "must be a string")),
    }
}

impl BitstringStatusListEntry {
    /// Parses a `credentialStatus` object. Errors point into it
    /// (`/statusListIndex`, …).
    ///
    /// `statusListIndex` must be a base-10 integer string, as the
    /// specification says; a JSON integer is accepted too because the 1EdTech
    /// validator's own fixtures write one.
    pub fn from_value(value: &Value) -> Result<Self, StatusError> {
        let obj = value
            .as_object()
            .ok_or_else(|| invalid("", "credentialStatus must be an object"))?;
        let ty = types(obj, "/type")?;
        let legacy = if ty.iter().any(|t| t == "BitstringStatusListEntry") {
            false
        } else if ty.iter().any(|t| t == "StatusList2021Entry") {
            true
        } else {
            return Err(StatusError::UnsupportedType {
                pointer: "/type".into(),
                expected: "BitstringStatusListEntry or StatusList2021Entry",
            });
        };
        let id = match obj.get("id") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(invalid("/id", "must be a string")),
        };
        let purpose = StatusPurpose::from(string_field(obj, "statusPurpose", "/statusPurpose")?);
        let index = match obj.get("statusListIndex") {
            None => return Err(missing("/statusListIndex")),
            Some(Value::String(s)) => parse_index(s)?,
            Some(Value::Number(n)) => n
                .as_u64()
                .ok_or_else(|| invalid("/statusListIndex", "must be a non-negative integer"))?,
            Some(_) => {
                return Err(invalid(
                    "/statusListIndex",
                    "must be a base-10 integer string",
                ));
            }
        };
        let list_credential = string_field(obj, "statusListCredential", "/statusListCredential")?;
        let status_size = match obj.get("statusSize") {
            None => 1,
            Some(v) => v
                .as_u64()
                .filter(|n| (1..=u64::from(MAX_STATUS_SIZE)).contains(n))
                .and_then(|n| u8::try_from(n).ok())
                .ok_or_else(|| invalid("/statusSize", "must be an integer from 1 to 16"))?,
        };
        let messages = match obj.get("statusMessage") {
            None if status_size > 1 => {
                return Err(invalid(
                    "/statusMessage",
                    "required when statusSize is greater than 1",
                ));
            }
            None => Vec::new(),
            Some(v) => parse_messages(v, status_size)?,
        };
        Ok(BitstringStatusListEntry {
            id,
            purpose,
            index,
            list_credential,
            status_size,
            messages,
            legacy_status_list_2021: legacy,
        })
    }

    /// The entry as `credentialStatus` JSON.
    pub fn to_value(&self) -> Value {
        let mut obj = Map::new();
        if let Some(id) = &self.id {
            obj.insert("id".into(), json!(id));
        }
        let ty = if self.legacy_status_list_2021 {
            "StatusList2021Entry"
        } else {
            "BitstringStatusListEntry"
        };
        obj.insert("type".into(), json!(ty));
        obj.insert("statusPurpose".into(), json!(self.purpose.as_str()));
        obj.insert("statusListIndex".into(), json!(self.index.to_string()));
        obj.insert("statusListCredential".into(), json!(self.list_credential));
        if self.status_size != 1 {
            obj.insert("statusSize".into(), json!(self.status_size));
        }
        if !self.messages.is_empty() {
            obj.insert("statusMessage".into(), json!(self.messages));
        }
        Value::Object(obj)
    }
}

/// A base-10, non-negative integer without sign or spaces.
fn parse_index(s: &str) -> Result<u64, StatusError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            "/statusListIndex",
            "must be a base-10 integer string",
        ));
    }
    s.parse()
        .map_err(|_| invalid("/statusListIndex", "too large"))
}

fn parse_messages(value: &Value, status_size: u8) -> Result<Vec<StatusMessage>, StatusError> {
    let items = value
        .as_array()
        .ok_or_else(|| invalid("/statusMessage", "must be an array"))?;
    if items.len() as u64 != 1u64 << status_size {
        return Err(invalid(
            "/statusMessage",
            "must list exactly 2^statusSize messages",
        ));
    }
    items
        .iter()
        .map(|item| {
            let obj = item
                .as_object()
                .ok_or_else(|| invalid("/statusMessage", "items must be objects"))?;
            let status = obj
                .get("status")
                .and_then(Value::as_str)
                .and_then(parse_hex_status)
                .ok_or_else(|| {
                    invalid("/statusMessage", "status must be a hex string like \"0x1\"")
                })?;
            let message = obj
                .get("message")
                .and_then(Value::as_str)
                .ok_or_else(|| invalid("/statusMessage", "message must be a string"))?;
            Ok(StatusMessage::new(status, message))
        })
        .collect()
}

/// A status list credential decoded once, for repeated lookups.
///
/// Decoding (base64url + GZIP) is the costly part of a status check; keep
/// this value (per `statusListCredential` URL) and call
/// [`status_of`](Self::status_of) as often as needed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedStatusList {
    credential_id: Option<String>,
    purposes: Vec<StatusPurpose>,
    bits: Bitstring,
    min_entries: u64,
    legacy_status_list_2021: bool,
}

/// What a lookup found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusValue {
    /// The entry's purpose.
    pub purpose: StatusPurpose,
    /// The raw value (`statusSize` bits).
    pub value: u64,
    /// The matching `statusMessage`, if the entry lists messages.
    pub message: Option<String>,
}

impl StatusValue {
    /// True when the value is non-zero: revoked for `revocation`, suspended
    /// for `suspension`, refresh available for `refresh`.
    pub fn is_set(&self) -> bool {
        self.value != 0
    }
}

impl DecodedStatusList {
    /// Decodes a `BitstringStatusListCredential` (or legacy
    /// `StatusList2021Credential`) with the default [`StatusLimits`]. A VC-JWT
    /// payload with a `vc` claim is accepted as well. The caller is
    /// responsible for having verified the list credential's proof.
    pub fn from_credential(credential: &Value) -> Result<Self, StatusError> {
        Self::from_credential_with_limits(credential, &StatusLimits::default())
    }

    /// [`from_credential`](Self::from_credential) with explicit limits.
    pub fn from_credential_with_limits(
        credential: &Value,
        limits: &StatusLimits,
    ) -> Result<Self, StatusError> {
        let credential = match credential.get("vc") {
            Some(vc @ Value::Object(_)) => vc,
            _ => credential,
        };
        let obj = credential
            .as_object()
            .ok_or_else(|| invalid("", "status list credential must be an object"))?;
        let ty = types(obj, "/type")?;
        let legacy = if ty.iter().any(|t| t == "BitstringStatusListCredential") {
            false
        } else if ty.iter().any(|t| t == "StatusList2021Credential") {
            true
        } else {
            return Err(StatusError::UnsupportedType {
                pointer: "/type".into(),
                expected: "BitstringStatusListCredential or StatusList2021Credential",
            });
        };
        let credential_id = obj.get("id").and_then(Value::as_str).map(str::to_owned);
        let subject = match obj.get("credentialSubject") {
            None => return Err(missing("/credentialSubject")),
            Some(Value::Object(s)) => s,
            Some(Value::Array(items)) if items.len() == 1 => items
                .first()
                .and_then(Value::as_object)
                .ok_or_else(|| invalid("/credentialSubject/0", "must be an object"))?,
            Some(_) => return Err(invalid("/credentialSubject", "must be one object")),
        };
        let subject_types = types(subject, "/credentialSubject/type")?;
        let expected = if legacy {
            "StatusList2021"
        } else {
            "BitstringStatusList"
        };
        if !subject_types.iter().any(|t| t == expected) {
            return Err(StatusError::UnsupportedType {
                pointer: "/credentialSubject/type".into(),
                expected,
            });
        }
        let purposes = match subject.get("statusPurpose") {
            None => return Err(missing("/credentialSubject/statusPurpose")),
            Some(Value::String(s)) => vec![StatusPurpose::from(s.as_str())],
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|v| {
                    v.as_str().map(StatusPurpose::from).ok_or_else(|| {
                        invalid("/credentialSubject/statusPurpose", "must be strings")
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(invalid(
                    "/credentialSubject/statusPurpose",
                    "must be a string or a non-empty array of strings",
                ));
            }
        };
        let encoded = string_field(subject, "encodedList", "/credentialSubject/encodedList")?;
        let bits = Bitstring::decode(
            &encoded,
            !legacy,
            limits.max_encoded_bytes,
            limits.max_decoded_bytes,
        )?;
        if bits.bit_len() < limits.min_entries {
            return Err(StatusError::ListTooShort {
                entries: bits.bit_len(),
                minimum: limits.min_entries,
            });
        }
        Ok(DecodedStatusList {
            credential_id,
            purposes,
            bits,
            min_entries: limits.min_entries,
            legacy_status_list_2021: legacy,
        })
    }

    /// The list credential's `id`, if it has one (compare it with the
    /// entry's `statusListCredential`).
    pub fn credential_id(&self) -> Option<&str> {
        self.credential_id.as_deref()
    }

    /// The list's `statusPurpose` values.
    pub fn purposes(&self) -> &[StatusPurpose] {
        &self.purposes
    }

    /// Length of the decoded bitstring, in bits.
    pub fn bit_len(&self) -> u64 {
        self.bits.bit_len()
    }

    pub(crate) fn into_bits(self) -> Bitstring {
        self.bits
    }

    /// True for a legacy StatusList2021 list.
    pub fn is_legacy_status_list_2021(&self) -> bool {
        self.legacy_status_list_2021
    }

    /// Looks up `entry`, following the specification's validation
    /// algorithm: the purposes must match, the list must hold at least the
    /// minimum number of `statusSize`-bit entries, and the index must be in
    /// range. No decompression happens here.
    pub fn status_of(&self, entry: &BitstringStatusListEntry) -> Result<StatusValue, StatusError> {
        if !self.purposes.contains(&entry.purpose) {
            return Err(StatusError::PurposeMismatch {
                entry: entry.purpose.as_str().to_owned(),
                list: self
                    .purposes
                    .iter()
                    .map(|p| p.as_str().to_owned())
                    .collect(),
            });
        }
        let bits = self.bits.bit_len();
        let size = entry.status_size;
        if size == 0 || bits % u64::from(size) != 0 {
            return Err(StatusError::StatusSizeMismatch {
                bits,
                status_size: size,
            });
        }
        let entries = bits / u64::from(size);
        if entries < self.min_entries {
            return Err(StatusError::ListTooShort {
                entries,
                minimum: self.min_entries,
            });
        }
        let value = self
            .bits
            .get(entry.index, size)
            .ok_or(StatusError::IndexOutOfRange {
                index: entry.index,
                entries,
            })?;
        let message = entry
            .messages
            .iter()
            .find(|m| m.status == value)
            .map(|m| m.message.clone());
        Ok(StatusValue {
            purpose: entry.purpose.clone(),
            value,
            message,
        })
    }
}

/// Looks `entry` up in an already decoded list; see
/// [`DecodedStatusList::status_of`].
pub fn status_of(
    entry: &BitstringStatusListEntry,
    list: &DecodedStatusList,
) -> Result<StatusValue, StatusError> {
    list.status_of(entry)
}
