//! The issuing side: a status list an issuer keeps, allocates indexes from,
//! updates, and publishes as a `BitstringStatusListCredential`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::allocator::{AllocatorState, IndexAllocator};
use super::bitstring::Bitstring;
use super::verify::{DecodedStatusList, StatusLimits};
use super::{MIN_ENTRIES, StatusError, StatusMessage, StatusPurpose};

/// The VC 2.0 context; it defines the Bitstring Status List terms.
const VC_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// How to create a [`StatusList`].
///
/// ```
/// use openbadges::status::{StatusListConfig, StatusMessage};
///
/// let revocation = StatusListConfig::revocation();
/// let review = StatusListConfig::message(
///     2,
///     vec![
///         StatusMessage::new(0, "accepted"),
///         StatusMessage::new(1, "under review"),
///         StatusMessage::new(2, "rejected"),
///         StatusMessage::new(3, "withdrawn"),
///     ],
/// )
/// .with_entries(200_000)
/// .with_seed([42; 32]); // reproducible indexes, for tests and CI
/// # let _ = (revocation, review);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusListConfig {
    purpose: StatusPurpose,
    entries: u64,
    status_size: u8,
    messages: Vec<StatusMessage>,
    seed: Option<[u8; 32]>,
}

impl StatusListConfig {
    fn with_purpose(purpose: StatusPurpose) -> Self {
        StatusListConfig {
            purpose,
            entries: MIN_ENTRIES,
            status_size: 1,
            messages: Vec::new(),
            seed: None,
        }
    }

    /// A 1-bit revocation list (set = revoked; final).
    pub fn revocation() -> Self {
        Self::with_purpose(StatusPurpose::Revocation)
    }

    /// A 1-bit suspension list (set = suspended; can be cleared).
    pub fn suspension() -> Self {
        Self::with_purpose(StatusPurpose::Suspension)
    }

    /// A `message` list of `status_size`-bit values, with exactly
    /// 2^`status_size` messages (one per value).
    pub fn message(status_size: u8, messages: Vec<StatusMessage>) -> Self {
        StatusListConfig {
            status_size,
            messages,
            ..Self::with_purpose(StatusPurpose::Message)
        }
    }

    /// Number of entries (default and minimum: [`MIN_ENTRIES`]).
    pub fn with_entries(mut self, entries: u64) -> Self {
        self.entries = entries;
        self
    }

    /// Derives the index allocator's key from `seed` instead of the OS, so
    /// the sequence of indexes is reproducible. Never use a fixed seed in
    /// production: anyone who knows it can tell issuance order.
    pub fn with_seed(mut self, seed: [u8; 32]) -> Self {
        self.seed = Some(seed);
        self
    }
}

/// An issuer's status list.
///
/// ```
/// use openbadges::status::{StatusList, StatusListConfig, StatusError};
///
/// let mut list = StatusList::new(StatusListConfig::revocation().with_seed([1; 32]))?;
/// let index = list.allocate()?; // random, never reused
/// let entry = list.credential_status_entry(index, "https://example.org/status/3")?;
/// assert_eq!(entry["statusListIndex"], index.to_string());
/// list.set(index, true)?; // revoke
/// assert_eq!(list.set(index, false), Err(StatusError::RevocationIsFinal { index }));
/// # Ok::<(), StatusError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusList {
    purpose: StatusPurpose,
    status_size: u8,
    messages: Vec<StatusMessage>,
    entries: u64,
    bits: Bitstring,
    allocator: Option<IndexAllocator>,
}

/// Everything needed to restore a [`StatusList`], as plain serde data for
/// the platform to store wherever it keeps issuer state. It includes the
/// allocator key (see [`AllocatorState`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusListSnapshot {
    /// `statusPurpose`.
    pub purpose: StatusPurpose,
    /// Bits per entry.
    pub status_size: u8,
    /// Messages for `message` lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<StatusMessage>,
    /// Number of entries.
    pub entries: u64,
    /// The bits, in `encodedList` form.
    pub encoded_list: String,
    /// The allocator; absent for a list rebuilt from a published credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocator: Option<AllocatorState>,
}

fn check_shape(
    purpose: &StatusPurpose,
    status_size: u8,
    messages: &[StatusMessage],
    entries: u64,
) -> Result<(), StatusError> {
    let bad = |reason| Err(StatusError::InvalidConfig { reason });
    if entries < MIN_ENTRIES {
        return bad("a status list needs at least 131,072 entries");
    }
    match purpose {
        StatusPurpose::Revocation | StatusPurpose::Suspension | StatusPurpose::Refresh => {
            if status_size != 1 || !messages.is_empty() {
                return bad(
                    "revocation, suspension and refresh lists use 1-bit entries without messages",
                );
            }
        }
        StatusPurpose::Message => {
            if !(1..=16).contains(&status_size) {
                return bad("statusSize must be between 1 and 16");
            }
            if messages.len() as u64 != 1u64 << status_size {
                return bad("a message list needs exactly 2^statusSize messages");
            }
            let mut statuses: Vec<u64> = messages.iter().map(|m| m.status).collect();
            statuses.sort_unstable();
            if statuses != (0..1u64 << status_size).collect::<Vec<_>>() {
                return bad("message statuses must be 0x0 … 2^statusSize - 1, each once");
            }
        }
        StatusPurpose::Other(_) => return bad("unsupported status purpose"),
    }
    match entries.checked_mul(u64::from(status_size)) {
        None => return bad("list too large"),
        // The published bitstring is whole bytes; a partial last byte would
        // make verifiers see a length that statusSize does not divide.
        Some(bits) if bits % 8 != 0 => {
            return bad("entries × statusSize must be a multiple of 8 bits");
        }
        Some(bits) if bits / 8 > StatusLimits::default().max_decoded_bytes as u64 => {
            return bad("list larger than verifiers accept by default (16 MiB of bits)");
        }
        Some(_) => {}
    }
    Ok(())
}

impl StatusList {
    /// The specification's minimum list size; lists are never smaller.
    pub const MIN_ENTRIES: u64 = MIN_ENTRIES;

    /// Creates an all-zero list.
    pub fn new(config: StatusListConfig) -> Result<Self, StatusError> {
        let StatusListConfig {
            purpose,
            entries,
            status_size,
            messages,
            seed,
        } = config;
        check_shape(&purpose, status_size, &messages, entries)?;
        let key = match seed {
            Some(seed) => seed,
            None => IndexAllocator::random_key()?,
        };
        Ok(StatusList {
            bits: Bitstring::zeroed(entries * u64::from(status_size))?,
            allocator: Some(IndexAllocator::new(entries, key)),
            purpose,
            status_size,
            messages,
            entries,
        })
    }

    /// The list's purpose.
    pub fn purpose(&self) -> &StatusPurpose {
        &self.purpose
    }

    /// Number of entries.
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Bits per entry.
    pub fn status_size(&self) -> u8 {
        self.status_size
    }

    /// Indexes still available (0 when the allocator state is unknown).
    pub fn remaining(&self) -> u64 {
        self.allocator.as_ref().map_or(0, IndexAllocator::remaining)
    }

    /// Hands out a random index never handed out before, or
    /// [`StatusError::ListFull`] once all are used.
    pub fn allocate(&mut self) -> Result<u64, StatusError> {
        self.allocator
            .as_mut()
            .ok_or(StatusError::AllocatorUnavailable)?
            .allocate()
    }

    fn check_index(&self, index: u64) -> Result<(), StatusError> {
        if index >= self.entries {
            return Err(StatusError::IndexOutOfRange {
                index,
                entries: self.entries,
            });
        }
        match &self.allocator {
            Some(a) if !a.is_allocated(index) => Err(StatusError::IndexNotAllocated { index }),
            _ => Ok(()),
        }
    }

    /// The status value of `index`.
    pub fn get(&self, index: u64) -> Result<u64, StatusError> {
        if index >= self.entries {
            return Err(StatusError::IndexOutOfRange {
                index,
                entries: self.entries,
            });
        }
        self.bits
            .get(index, self.status_size)
            .ok_or(StatusError::IndexOutOfRange {
                index,
                entries: self.entries,
            })
    }

    /// Sets the status of an allocated `index`: `true`/`1` revokes or
    /// suspends, `false`/`0` clears a suspension; a `message` list takes any
    /// value below 2^statusSize. Revocation is final: clearing a revoked
    /// index is [`StatusError::RevocationIsFinal`].
    pub fn set(&mut self, index: u64, value: impl Into<u64>) -> Result<(), StatusError> {
        let value = value.into();
        self.check_index(index)?;
        if value >> self.status_size != 0 {
            return Err(StatusError::ValueOutOfRange {
                value,
                status_size: self.status_size,
            });
        }
        if self.purpose == StatusPurpose::Revocation && value == 0 && self.get(index)? != 0 {
            return Err(StatusError::RevocationIsFinal { index });
        }
        self.bits
            .set(index, self.status_size, value)
            .ok_or(StatusError::IndexOutOfRange {
                index,
                entries: self.entries,
            })
    }

    /// The `credentialStatus` (`BitstringStatusListEntry`) for the credential
    /// given `index`, pointing at the list credential published at
    /// `list_credential_url`.
    pub fn credential_status_entry(
        &self,
        index: u64,
        list_credential_url: &str,
    ) -> Result<Value, StatusError> {
        self.check_index(index)?;
        let mut entry = json!({
            "id": format!("{list_credential_url}#{index}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": self.purpose.as_str(),
            "statusListIndex": index.to_string(),
            "statusListCredential": list_credential_url,
        });
        if self.purpose == StatusPurpose::Message {
            entry["statusSize"] = json!(self.status_size);
            entry["statusMessage"] = json!(self.messages);
        }
        Ok(entry)
    }

    /// The unsigned `BitstringStatusListCredential` to sign and publish at
    /// `id`. Its only context is the VC 2.0 one, which defines the status
    /// list terms.
    pub fn to_credential(
        &self,
        issuer: &str,
        id: &str,
        valid_from: DateTime<Utc>,
        valid_until: Option<DateTime<Utc>>,
    ) -> Value {
        let mut credential = json!({
            "@context": [VC_V2_CONTEXT],
            "id": id,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer,
            "validFrom": valid_from.to_rfc3339_opts(SecondsFormat::Secs, true),
        });
        if let Some(until) = valid_until {
            credential["validUntil"] = json!(until.to_rfc3339_opts(SecondsFormat::Secs, true));
        }
        credential["credentialSubject"] = json!({
            "id": format!("{id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": self.purpose.as_str(),
            "encodedList": self.bits.encode(),
        });
        credential
    }

    /// Rebuilds a 1-bit list from its published credential (one purpose).
    /// The credential does not carry the allocator state, so the result can
    /// update statuses but not [`allocate`](Self::allocate); restore from a
    /// [`StatusListSnapshot`] for that, and for multi-bit `message` lists.
    pub fn from_credential(credential: &Value) -> Result<Self, StatusError> {
        let decoded = DecodedStatusList::from_credential(credential)?;
        let [purpose] = decoded.purposes() else {
            return Err(StatusError::InvalidConfig {
                reason: "an issuer's list has exactly one purpose",
            });
        };
        if *purpose == StatusPurpose::Message {
            // statusSize and the messages live in the entries, not the list.
            return Err(StatusError::InvalidConfig {
                reason: "message lists can only be restored from their snapshot",
            });
        }
        let purpose = purpose.clone();
        let entries = decoded.bit_len();
        check_shape(&purpose, 1, &[], entries)?;
        Ok(StatusList {
            purpose,
            status_size: 1,
            messages: Vec::new(),
            entries,
            bits: decoded.into_bits(),
            allocator: None,
        })
    }

    /// The list's complete state, to store.
    pub fn snapshot(&self) -> StatusListSnapshot {
        StatusListSnapshot {
            purpose: self.purpose.clone(),
            status_size: self.status_size,
            messages: self.messages.clone(),
            entries: self.entries,
            encoded_list: self.bits.encode(),
            allocator: self.allocator.as_ref().map(IndexAllocator::state),
        }
    }

    /// Restores a list from [`snapshot`](Self::snapshot), checking it.
    pub fn from_snapshot(snapshot: &StatusListSnapshot) -> Result<Self, StatusError> {
        let StatusListSnapshot {
            purpose,
            status_size,
            messages,
            entries,
            encoded_list,
            allocator,
        } = snapshot;
        check_shape(purpose, *status_size, messages, *entries)?;
        let limits = StatusLimits::default();
        let bits = Bitstring::decode(
            encoded_list,
            true,
            limits.max_encoded_bytes.max(encoded_list.len()),
            usize::try_from(entries * u64::from(*status_size) / 8).unwrap_or(usize::MAX),
        )?;
        if bits.bit_len() != entries * u64::from(*status_size) {
            return Err(StatusError::InvalidConfig {
                reason: "snapshot bitstring length does not match its entries",
            });
        }
        let allocator = match allocator {
            Some(state) => Some(IndexAllocator::from_state(*entries, state)?),
            None => None,
        };
        Ok(StatusList {
            purpose: purpose.clone(),
            status_size: *status_size,
            messages: messages.clone(),
            entries: *entries,
            bits,
            allocator,
        })
    }
}
