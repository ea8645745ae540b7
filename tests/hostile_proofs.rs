//! Proof sets and chains built to make verification slow are refused by design: a capped
//! number of proofs, chains resolved by position (an id several proofs carry is ambiguous, a
//! cycle is refused), a capped chain length, and one work budget for the whole verification.

mod hostile_support;
mod verify_support;

use chrono::{TimeZone, Utc};
use hostile_support::*;
use openbadges::keys::StaticResolver;
use openbadges::proof::{
    self, Cryptosuite, DEFAULT_MAX_PROOF_CHAIN, DEFAULT_MAX_PROOFS, EddsaJcs2022, ProofError,
    ProofOptions, VerifyOptions as ProofVerifyOptions, WorkBudget,
};
use openbadges::verify::{CheckCode, CheckStatus, Outcome, Verifier, VerifyOptions};
use serde_json::Value;
use verify_support::now;

fn proof_failure_message(bytes: &[u8], options: VerifyOptions) -> (Outcome, String) {
    let report = Verifier::new(options).verify(bytes);
    assert_eq!(
        report.status_of(CheckCode::Proof),
        Some(CheckStatus::Failed)
    );
    let message = report
        .checks()
        .iter()
        .find(|c| c.code == CheckCode::Proof)
        .map(|c| c.message.clone())
        .unwrap_or_default();
    (report.outcome(), message)
}

/// 800 proofs sharing one id are refused before any is checked, naming the limit.
#[test]
fn too_many_proofs_names_the_limit() {
    let bytes = proofs_sharing_one_id(800);
    let (outcome, message) = proof_failure_message(&bytes, VerifyOptions::new(now()));
    assert_eq!(outcome, Outcome::Invalid);
    assert!(
        message.contains("800 proofs") && message.contains(&DEFAULT_MAX_PROOFS.to_string()),
        "{message}"
    );
    assert!(message.contains("max_proofs"), "{message}");
}

/// With the cap raised, the same set fails each proof as ambiguous (resolved by position,
/// before any canonicalization: linear, not quadratic).
#[test]
fn a_shared_proof_id_is_ambiguous() {
    let secured: Value = serde_json::from_slice(&proofs_sharing_one_id(800)).unwrap();
    let mut options = ProofVerifyOptions::new(now());
    options.max_proofs = 1_000;
    let budget = WorkBudget::new(options.max_work);
    options.work_budget = Some(budget.clone());
    let suites = proof::standard_suites();
    let outcomes = proof::verify_each(&secured, suites, &StaticResolver::new(), &options).unwrap();
    assert_eq!(outcomes.len(), 800);
    for outcome in outcomes {
        assert!(
            matches!(
                &outcome.result,
                Err(ProofError::AmbiguousPreviousProof { id, .. }) if id == "urn:uuid:same"
            ),
            "{:?}",
            outcome.result
        );
    }
    // Nothing was canonicalized.
    assert_eq!(budget.spent(), 0);
}

fn jcs_chain(length: usize) -> Value {
    let key = issuer_key();
    let mut document = credential();
    for i in 0..length {
        let mut options =
            ProofOptions::new(method(), Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        options.id = Some(format!("urn:uuid:proof-{i}"));
        if i > 0 {
            options.previous_proof = vec![format!("urn:uuid:proof-{}", i - 1)];
        }
        document = EddsaJcs2022.sign(&document, &options, &key).unwrap();
    }
    document
}

/// A genuine chain longer than the limit: the proofs within it verify, those beyond fail with
/// an error naming the limit; raising the limit verifies them all.
#[test]
fn chain_length_is_capped_and_configurable() {
    let length = DEFAULT_MAX_PROOF_CHAIN + 3;
    let secured = jcs_chain(length);
    let resolver = StaticResolver::new();
    let options = ProofVerifyOptions::new(now());
    let outcomes = proof::verify_each(&secured, &[&EddsaJcs2022], &resolver, &options).unwrap();
    for (i, outcome) in outcomes.iter().enumerate() {
        if i <= DEFAULT_MAX_PROOF_CHAIN {
            assert!(outcome.result.is_ok(), "proof {i}: {:?}", outcome.result);
        } else {
            let error = outcome.result.as_ref().unwrap_err();
            assert_eq!(
                error,
                &ProofError::ProofChainTooLong {
                    length: i,
                    limit: DEFAULT_MAX_PROOF_CHAIN
                }
            );
            assert!(error.to_string().contains("max_proof_chain"));
        }
    }
    let mut raised = ProofVerifyOptions::new(now());
    raised.max_proof_chain = length;
    let outcomes = proof::verify_each(&secured, &[&EddsaJcs2022], &resolver, &raised).unwrap();
    assert!(outcomes.iter().all(|o| o.result.is_ok()));
}

/// Two proofs naming each other: a cycle is refused, never followed.
#[test]
fn a_chain_cycle_is_refused() {
    let secured: Value = serde_json::from_slice(&with_proofs(
        credential(),
        vec![
            fake_proof(Some("urn:uuid:a"), Some("urn:uuid:b")),
            fake_proof(Some("urn:uuid:b"), Some("urn:uuid:a")),
        ],
    ))
    .unwrap();
    let outcomes = proof::verify_each(
        &secured,
        proof::standard_suites(),
        &StaticResolver::new(),
        &ProofVerifyOptions::new(now()),
    )
    .unwrap();
    assert!(outcomes.iter().all(|o| o.result.is_err()));
    assert!(outcomes.iter().any(|o| matches!(
        o.result,
        Err(ProofError::AmbiguousPreviousProof {
            reason: "the chain leads back to this proof",
            ..
        })
    )));
}

/// One budget for all proofs: a budget that covers the first proofs of a genuine set runs out
/// on the later ones, with an error naming the option; the default covers them all.
#[test]
fn one_work_budget_for_all_proofs() {
    let secured = jcs_chain(3);
    let resolver = StaticResolver::new();
    let mut generous = ProofVerifyOptions::new(now());
    let spent = WorkBudget::new(generous.max_work);
    generous.work_budget = Some(spent.clone());
    let outcomes = proof::verify_each(&secured, &[&EddsaJcs2022], &resolver, &generous).unwrap();
    assert!(outcomes.iter().all(|o| o.result.is_ok()));
    let per_pass = spent.spent() / 3;
    assert!(per_pass > 0);

    let mut tight = ProofVerifyOptions::new(now());
    tight.max_work = per_pass + per_pass / 2;
    let outcomes = proof::verify_each(&secured, &[&EddsaJcs2022], &resolver, &tight).unwrap();
    assert!(outcomes[0].result.is_ok(), "{:?}", outcomes[0].result);
    let error = outcomes[2].result.as_ref().unwrap_err();
    assert!(
        matches!(error, ProofError::WorkBudgetExceeded { limit, .. } if *limit == tight.max_work)
            || matches!(error, ProofError::PreviousProofFailed { .. }),
        "{error:?}"
    );
    assert!(matches!(
        outcomes[1].result,
        Err(ProofError::WorkBudgetExceeded { .. })
    ));
}

/// A budget bounds one call, not the options: the same options verify any number of
/// documents, while a budget shared on purpose still runs out.
#[test]
fn reused_options_open_a_fresh_budget_per_call() {
    let secured = jcs_chain(3);
    let resolver = StaticResolver::new();
    let mut options = ProofVerifyOptions::new(now());
    let shared = WorkBudget::new(u64::MAX);
    options.work_budget = Some(shared.clone());
    proof::verify(&secured, &[&EddsaJcs2022], &resolver, &options).unwrap();
    let per_call = shared.spent();
    assert!(per_call > 0);

    // Enough for one call: a hundred calls with the same options all verify.
    let mut reused = ProofVerifyOptions::new(now());
    reused.max_work = per_call;
    for call in 0..100 {
        let outcomes = proof::verify(&secured, &[&EddsaJcs2022], &resolver, &reused)
            .unwrap_or_else(|e| panic!("call {call}: {e}"));
        assert_eq!(outcomes.len(), 3);
    }
    // The same limit shared across calls is spent by the second.
    reused.work_budget = Some(WorkBudget::new(per_call));
    proof::verify(&secured, &[&EddsaJcs2022], &resolver, &reused).unwrap();
    assert!(matches!(
        proof::verify(&secured, &[&EddsaJcs2022], &resolver, &reused),
        Err(ProofError::WorkBudgetExceeded { .. } | ProofError::PreviousProofFailed { .. })
    ));
}

/// The verifier's `max_work` is that budget: too small, and the proof check fails naming it.
#[test]
fn verifier_work_budget_names_the_option() {
    let bytes = proofs_over_clique(4, 10);
    let mut options = VerifyOptions::new(now());
    options.max_work = 20_000;
    let (outcome, message) = proof_failure_message(&bytes, options);
    assert_eq!(outcome, Outcome::Invalid);
    assert!(message.contains("max_work"), "{message}");
}

/// The clique and big-document variants stay bounded under the defaults: at most
/// `DEFAULT_MAX_PROOFS` canonicalizations, each refused or failed, never a verified proof.
#[test]
fn clique_and_big_documents_fail_cleanly() {
    for bytes in [
        proofs_over_clique(200, 10),
        big_document_with_proofs(200_000, 100),
    ] {
        let (outcome, message) = proof_failure_message(&bytes, VerifyOptions::new(now()));
        assert_eq!(outcome, Outcome::Invalid, "{message}");
        assert!(message.contains("max_proofs"), "{message}");
    }
    let (outcome, _) = proof_failure_message(&proofs_over_clique(2, 10), VerifyOptions::new(now()));
    assert_ne!(outcome, Outcome::Verified);
}

/// Embedded endorsements are charged to the badge's budget: the smallest `max_work` that
/// verifies a badge and its endorsement is the sum of what each needs alone (a budget per
/// credential would need only the larger of the two), and just under it something runs out,
/// naming the option.
#[test]
fn endorsements_share_the_verification_budget() {
    use serde_json::json;
    use verify_support::{Suite, badge, did, key, sign, to_bytes};

    let issuer = key(1);
    let endorser = key(4);
    let endorsement = sign(
        &json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": "urn:uuid:0b7a1c2e-3d4f-4a5b-8c9d-0e1f2a3b4c5d",
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "issuer": {"id": did(&endorser), "type": ["Profile"], "name": "Maths Association"},
            "validFrom": "2026-01-01T00:00:00Z",
            "name": "Endorsement of Fractions",
            "credentialSubject": {
                "id": "https://school.example/achievements/fractions",
                "type": ["EndorsementSubject"],
                "endorsementComment": "A rigorous unit."
            }
        }),
        Suite::Rdfc,
        &endorser,
    );
    let mut credential = badge(&did(&issuer));
    credential["credentialSubject"]["achievement"]["endorsement"] = json!([endorsement.clone()]);
    let with_endorsement = to_bytes(&sign(&credential, Suite::Rdfc, &issuer));
    let endorsement_alone = to_bytes(&endorsement);
    let report_at = |bytes: &[u8], max_work: u64, endorsements: bool| {
        let mut options = VerifyOptions::new(now());
        options.max_work = max_work;
        if !endorsements {
            options.max_endorsement_depth = 0;
        }
        Verifier::new(options).verify(bytes)
    };
    let fully_verified = |report: &openbadges::verify::VerificationReport| {
        report.is_verified() && report.endorsements().iter().all(|e| e.is_verified())
    };
    // The smallest budget (exact) under which `bytes` fully verifies.
    let least = |bytes: &[u8], endorsements: bool| {
        let (mut low, mut high) = (0u64, VerifyOptions::new(now()).max_work);
        assert!(fully_verified(&report_at(bytes, high, endorsements)));
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if fully_verified(&report_at(bytes, middle, endorsements)) {
                high = middle;
            } else {
                low = middle;
            }
        }
        high
    };
    let badge_only = least(&with_endorsement, false);
    let endorsement_only = least(&endorsement_alone, true);
    let both = least(&with_endorsement, true);
    assert!(
        both >= badge_only + endorsement_only,
        "{both} < {badge_only} + {endorsement_only}"
    );
    let report = report_at(&with_endorsement, both - 1, true);
    assert!(!fully_verified(&report));
    assert!(
        report.to_json().to_string().contains("max_work"),
        "{}",
        report.to_json()
    );
}
