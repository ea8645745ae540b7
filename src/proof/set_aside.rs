//! A proof's last step, its Ed25519 signature check, set aside for another thread.
//!
//! A presentation's holder proof runs on the calling thread while a helper checks the
//! credentials' proofs; the helper is usually done first, and the calling thread still has the
//! credentials' other checks to complete. [`verify_each_setting_aside`] stops the holder's
//! proof just before its signature check (about 35 µs) and hands that check back as an
//! [`Unsettled`] result, for whichever thread is free first to run.
//!
//! The proof does not count until the check has run: [`Unsettled::settle`] applies its result,
//! and checks the signature itself when given none.

use std::cell::RefCell;

use serde_json::Value;

use super::framework::{ProofOutcome, verify_each};
use super::{Cryptosuite, ProofError, VerifyOptions};
use crate::keys::{PublicKey, Resolver};

/// An Ed25519 signature check: a proof's last step.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SignatureCheck {
    key: PublicKey,
    message: [u8; 64],
    signature: [u8; 64],
}

impl SignatureCheck {
    pub(crate) fn new(key: PublicKey, message: [u8; 64], signature: [u8; 64]) -> Self {
        SignatureCheck {
            key,
            message,
            signature,
        }
    }

    /// Runs the check.
    pub(crate) fn run(&self) -> Result<(), ProofError> {
        self.key
            .verify(&self.message, &self.signature)
            .map_err(|_| ProofError::SignatureInvalid)
    }
}

/// Where [`verify_each_setting_aside`] collects the check, on the thread verifying.
struct Slot {
    /// The next check reached is set aside (otherwise checks run where they are reached).
    open: bool,
    /// The check set aside.
    held: Option<SignatureCheck>,
}

const CLOSED: Slot = Slot {
    open: false,
    held: None,
};

std::thread_local! {
    static SLOT: RefCell<Slot> = const { RefCell::new(CLOSED) };
}

/// Runs `check` now, unless [`verify_each_setting_aside`] on this thread is collecting it (the
/// first one only): the proof then verifies provisionally, until its check has run.
pub(crate) fn run_or_set_aside(check: SignatureCheck) -> Result<(), ProofError> {
    let taken = SLOT
        .try_with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.open && slot.held.is_none() {
                slot.held = Some(check);
                true
            } else {
                false
            }
        })
        .unwrap_or(false);
    if taken { Ok(()) } else { check.run() }
}

/// Closes this thread's slot however the verification ends (a panic included), so that no
/// later proof is set aside by mistake.
struct Collecting;

impl Collecting {
    fn open() -> Self {
        let _ = SLOT.try_with(|slot| {
            *slot.borrow_mut() = Slot {
                open: true,
                held: None,
            }
        });
        Collecting
    }

    fn close(self) -> Option<SignatureCheck> {
        SLOT.try_with(|slot| std::mem::replace(&mut *slot.borrow_mut(), CLOSED).held)
            .ok()
            .flatten()
    }
}

impl Drop for Collecting {
    fn drop(&mut self) {
        let _ = SLOT.try_with(|slot| *slot.borrow_mut() = CLOSED);
    }
}

/// [`verify_each`], the signature check of a lone proof set aside when the proof passes every
/// other step. A proof set of several proofs is verified whole (their outcomes depend on one
/// another through `previousProof` and the set policy).
pub(crate) fn verify_each_setting_aside(
    secured: &Value,
    suites: &[&dyn Cryptosuite],
    resolver: &dyn Resolver,
    options: &VerifyOptions,
) -> Result<Unsettled, ProofError> {
    let lone = match secured.get(super::suite::PROOF) {
        Some(Value::Object(_)) => true,
        Some(Value::Array(proofs)) => proofs.len() == 1,
        _ => false,
    };
    if !lone {
        let outcomes = verify_each(secured, suites, resolver, options)?;
        return Ok(Unsettled {
            outcomes,
            check: None,
        });
    }
    let collecting = Collecting::open();
    let outcomes = verify_each(secured, suites, resolver, options);
    let check = collecting.close();
    let outcomes = outcomes?;
    // Only a proof that passed every other step reaches its check; anything else is final.
    let check = check.filter(|_| matches!(outcomes.as_slice(), [only] if only.result.is_ok()));
    Ok(Unsettled { outcomes, check })
}

/// Proof outcomes, one of which may still wait for its signature check.
#[must_use = "a proof set aside counts only once settled"]
#[derive(Debug)]
pub(crate) struct Unsettled {
    outcomes: Vec<ProofOutcome>,
    check: Option<SignatureCheck>,
}

impl Unsettled {
    /// The outcomes as they stand: a proof waiting for its check shows as verified.
    pub(crate) fn provisional(&self) -> &[ProofOutcome] {
        &self.outcomes
    }

    /// The check set aside, to run on any thread.
    pub(crate) fn check(&self) -> Option<SignatureCheck> {
        self.check
    }

    /// The final outcomes, given what the check set aside gave (`None`: it has not run, and
    /// runs here).
    pub(crate) fn settle(self, checked: Option<Result<(), ProofError>>) -> Vec<ProofOutcome> {
        let Unsettled {
            mut outcomes,
            check,
        } = self;
        if let Some(check) = check {
            if let (Err(e), Some(only)) =
                (checked.unwrap_or_else(|| check.run()), outcomes.first_mut())
            {
                only.result = Err(e);
            }
        }
        outcomes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonld::Processor;
    use crate::keys::{BuiltinResolver, Keypair};
    use crate::proof::{ProofOptions, RdfSuite};
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    fn signed() -> (Value, VerifyOptions) {
        let now = Utc
            .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
            .single()
            .expect("a valid instant");
        let key = Keypair::from_seed(&[31; 32]);
        let suite = RdfSuite::eddsa_rdfc_2022(Processor::bundled());
        let document = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
            "holder": key.public_key().to_did_key(),
        });
        let mut options = ProofOptions::new(key.public_key().to_did_key_method_id(), now);
        options.proof_purpose = "authentication".to_owned();
        options.challenge = Some("c-1".to_owned());
        options.domain = vec!["https://district.example".to_owned()];
        let signed = suite.sign(&document, &options, &key).expect("signs");
        let mut verify = VerifyOptions::new(now);
        verify.expected_proof_purpose = "authentication".to_owned();
        (signed, verify)
    }

    fn suites() -> RdfSuite<&'static Processor> {
        RdfSuite::eddsa_rdfc_2022(Processor::bundled())
    }

    #[test]
    fn a_lone_proof_waits_for_its_check_and_counts_once_it_passes() {
        let (signed, options) = signed();
        let suite = suites();
        let unsettled = verify_each_setting_aside(&signed, &[&suite], &BuiltinResolver, &options)
            .expect("runs");
        let check = unsettled.check().expect("the signature check is set aside");
        let whole = verify_each(&signed, &[&suite], &BuiltinResolver, &options).expect("runs");
        // Run on another thread, it settles to what verifying whole gives.
        let checked = std::thread::scope(|s| s.spawn(move || check.run()).join())
            .expect("the check does not panic");
        assert_eq!(unsettled.settle(Some(checked)), whole);
        // Nothing stays set aside on this thread afterwards.
        let again = verify_each(&signed, &[&suite], &BuiltinResolver, &options).expect("runs");
        assert_eq!(again, whole);
    }

    #[test]
    fn a_tampered_document_fails_when_settled_whoever_runs_the_check() {
        let (mut signed, options) = signed();
        signed["holder"] = Value::String("did:example:someone-else".into());
        let suite = suites();
        let unsettled = verify_each_setting_aside(&signed, &[&suite], &BuiltinResolver, &options)
            .expect("runs");
        assert!(
            unsettled.provisional()[0].result.is_ok(),
            "provisional until checked"
        );
        let check = unsettled.check().expect("set aside");
        assert_eq!(check.run(), Err(ProofError::SignatureInvalid));
        // Settled with the helper's result, or with none (the check then runs in `settle`).
        let unsettled_again =
            verify_each_setting_aside(&signed, &[&suite], &BuiltinResolver, &options)
                .expect("runs");
        for outcomes in [
            unsettled.settle(Some(check.run())),
            unsettled_again.settle(None),
        ] {
            assert_eq!(outcomes.len(), 1);
            assert_eq!(outcomes[0].result, Err(ProofError::SignatureInvalid));
        }
    }

    #[test]
    fn a_proof_failing_before_its_check_sets_nothing_aside() {
        let (signed, mut options) = signed();
        options.challenge = Some("another-challenge".to_owned());
        let suite = suites();
        let unsettled = verify_each_setting_aside(&signed, &[&suite], &BuiltinResolver, &options)
            .expect("runs");
        assert!(unsettled.check().is_none());
        assert!(matches!(
            unsettled.settle(None)[0].result,
            Err(ProofError::ChallengeMismatch { .. })
        ));
    }

    #[test]
    fn a_proof_set_of_several_is_verified_whole() {
        let (signed, options) = signed();
        let mut two = signed.clone();
        let proof = signed["proof"].clone();
        two["proof"] = json!([proof.clone(), proof]);
        let suite = suites();
        let unsettled =
            verify_each_setting_aside(&two, &[&suite], &BuiltinResolver, &options).expect("runs");
        assert!(unsettled.check().is_none());
        let outcomes = unsettled.settle(None);
        assert_eq!(outcomes.len(), 2);
        assert!(outcomes.iter().all(|o| o.result.is_ok()));
    }

    #[test]
    fn checks_reached_outside_are_never_set_aside() {
        let check =
            SignatureCheck::new(Keypair::from_seed(&[31; 32]).public_key(), [0; 64], [0; 64]);
        // The slot is closed: the check runs (and fails) where it is reached.
        assert_eq!(run_or_set_aside(check), Err(ProofError::SignatureInvalid));
    }
}
