//! Recipient matching: an assertion's [`IdentityObject`] against the identity a viewer expects.
//!
//! OB 2.0 hashes the identity with the salt appended, no separator: `sha256$` + hex of
//! SHA-256(identity ‖ salt), or `md5$` + hex of MD5(identity ‖ salt); hex digits compare without
//! regard to case. Plain identities compare exactly (the spec folds neither case nor spaces).
//!
//! ```
//! use openbadges::ob2::recipient::identity_hash;
//! use openbadges::ob2::recipient::HashAlgorithm;
//!
//! // The OB 2.0 specification's own example (§ IdentityHash).
//! assert_eq!(
//!     identity_hash(HashAlgorithm::Sha256, "mayze", ""),
//!     "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6"
//! );
//! ```

use md5::Md5;
use sha2::{Digest, Sha256};

use super::model::IdentityObject;

/// The hash functions an OB 2.0 identity hash may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// `sha256$…` (what issuers use today).
    Sha256,
    /// `md5$…` (allowed by OB 2.0, found in older badges).
    Md5,
}

impl HashAlgorithm {
    /// The prefix before `$`.
    pub fn prefix(self) -> &'static str {
        match self {
            HashAlgorithm::Sha256 => "sha256",
            HashAlgorithm::Md5 => "md5",
        }
    }
}

/// `<alg>$<lowercase hex of H(identity ‖ salt)>`.
pub fn identity_hash(algorithm: HashAlgorithm, identity: &str, salt: &str) -> String {
    let digest: Vec<u8> = match algorithm {
        HashAlgorithm::Sha256 => Sha256::new()
            .chain_update(identity)
            .chain_update(salt)
            .finalize()
            .to_vec(),
        HashAlgorithm::Md5 => Md5::new()
            .chain_update(identity)
            .chain_update(salt)
            .finalize()
            .to_vec(),
    };
    let mut out = String::with_capacity(algorithm.prefix().len() + 1 + digest.len() * 2);
    out.push_str(algorithm.prefix());
    out.push('$');
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

impl IdentityObject {
    /// The hash algorithm of a hashed identity, `None` when plain or not `sha256$`/`md5$`.
    pub fn hash_algorithm(&self) -> Option<HashAlgorithm> {
        if !self.hashed {
            return None;
        }
        match self.identity.split_once('$')?.0 {
            "sha256" => Some(HashAlgorithm::Sha256),
            "md5" => Some(HashAlgorithm::Md5),
            _ => None,
        }
    }

    /// Whether `candidate` (an email address, URL or telephone number, as the recipient's
    /// profile holds it) is this identity.
    pub fn matches(&self, candidate: &str) -> bool {
        if !self.hashed {
            return self.identity == candidate;
        }
        let Some(algorithm) = self.hash_algorithm() else {
            return false;
        };
        let expected = identity_hash(algorithm, candidate, self.salt.as_deref().unwrap_or(""));
        expected.eq_ignore_ascii_case(&self.identity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(identity: &str, hashed: bool, salt: Option<&str>) -> IdentityObject {
        serde_json::from_value(serde_json::json!({
            "type": "email", "identity": identity, "hashed": hashed, "salt": salt
        }))
        .unwrap()
    }

    #[test]
    fn known_vectors() {
        // Computed independently (ob2-notes §2.5).
        assert_eq!(
            identity_hash(HashAlgorithm::Sha256, "alice@example.org", "deadsea"),
            "sha256$c934fdacc6242be0277a284970416aa9bfa583241fb85094bc96c504ee0abd4e"
        );
        assert_eq!(
            identity_hash(HashAlgorithm::Md5, "mayze", ""),
            "md5$5e36a192d84cbdde83e633fce5540cb9"
        );
    }

    #[test]
    fn hashed_salted_upper_case_and_plain() {
        let hashed = identity(
            "sha256$C934FDACC6242BE0277A284970416AA9BFA583241FB85094BC96C504EE0ABD4E",
            true,
            Some("deadsea"),
        );
        assert!(hashed.matches("alice@example.org"));
        assert!(!hashed.matches("Alice@example.org"));
        let md5 = identity("md5$5e36a192d84cbdde83e633fce5540cb9", true, None);
        assert!(md5.matches("mayze"));
        assert!(!md5.matches("mayze "));
        let plain = identity("alice@example.org", false, None);
        assert!(plain.matches("alice@example.org"));
        assert!(!plain.matches("bob@example.org"));
        let unknown = identity("sha1$00", true, None);
        assert!(!unknown.matches("00"));
    }
}
