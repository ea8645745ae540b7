//! `Verifier::verify_all` / `Batch`: many inputs on several threads give exactly the reports
//! `Verifier::verify` gives one by one, in input order, whatever the thread count and window.

mod verify_support;

use openbadges::verify::{Outcome, VerificationReport, Verifier, VerifyOptions};
use serde_json::Value;
use verify_support::*;

/// A mixed catalogue: authentic badges in every carrier and suite from three issuers, tampered
/// copies, revoked badges (one shared status list), and unreadable bytes — and what each is.
fn catalogue() -> (Verifier, Vec<Vec<u8>>, Vec<Outcome>) {
    let issuers = [key(1), key(2), key(3)];
    let (mut list, _, _) = status_list(true, false);
    let revoked_index = list.allocate().unwrap();
    list.set(revoked_index, true).unwrap();
    let kept_index = list.allocate().unwrap();
    let list_credential = signed_status_list(&list, &issuers[0], None);

    let mut verifier = Verifier::new(VerifyOptions::new(now()));
    verifier.add_status_list(STATUS_URL, list_credential);

    let mut inputs = Vec::new();
    let mut expected = Vec::new();
    for round in 0..12 {
        let issuer = &issuers[round % issuers.len()];
        let mut credential = badge(&did(issuer));
        credential["id"] = Value::String(format!("urn:uuid:00000000-0000-4000-8000-{round:012}"));
        let suite = [Suite::Rdfc, Suite::Jcs, Suite::Ed2020][round % 3];
        let signed = sign(&credential, suite, issuer);
        inputs.push(to_bytes(&signed));
        expected.push(Outcome::Verified);
        inputs.push(bake_png(&signed));
        expected.push(Outcome::Verified);
        inputs.push(bake_svg(&signed));
        expected.push(Outcome::Verified);

        let mut tampered = signed.clone();
        tampered["credentialSubject"]["achievement"]["name"] = "Calculus".into();
        inputs.push(to_bytes(&tampered));
        expected.push(Outcome::Forged);

        // Status entries of the shared list, by the list's issuer.
        for (index, outcome) in [
            (revoked_index, Outcome::Revoked),
            (kept_index, Outcome::Verified),
        ] {
            let mut with_status = badge(&did(&issuers[0]));
            with_status["credentialStatus"] =
                list.credential_status_entry(index, STATUS_URL).unwrap();
            inputs.push(to_bytes(&sign(&with_status, Suite::Rdfc, &issuers[0])));
            expected.push(outcome);
        }

        inputs.push(format!("not a badge {round}").into_bytes());
        expected.push(Outcome::Unreadable);
    }
    (verifier, inputs, expected)
}

fn one_by_one(verifier: &Verifier, inputs: &[Vec<u8>]) -> Vec<VerificationReport> {
    inputs.iter().map(|bytes| verifier.verify(bytes)).collect()
}

#[test]
fn a_batch_gives_the_single_path_reports_in_input_order_for_any_thread_count() {
    let (verifier, inputs, expected) = catalogue();
    let reference = one_by_one(&verifier, &inputs);
    let outcomes: Vec<Outcome> = reference.iter().map(VerificationReport::outcome).collect();
    assert_eq!(outcomes, expected, "the catalogue is what it claims");
    assert_eq!(inputs.len(), 84);

    for (jobs, window) in [(0, 64), (1, 64), (2, 1), (2, 64), (4, 3), (7, 1000)] {
        let mut got = Vec::new();
        verifier
            .batch()
            .jobs(jobs)
            .window_per_thread(window)
            .verify_all(&inputs, |index, report| got.push((index, report)));
        let indices: Vec<usize> = got.iter().map(|(i, _)| *i).collect();
        assert_eq!(
            indices,
            (0..inputs.len()).collect::<Vec<_>>(),
            "jobs {jobs}"
        );
        for ((index, report), single) in got.iter().zip(&reference) {
            assert_eq!(
                report, single,
                "jobs {jobs}, window {window}, input {index}"
            );
        }
    }
}

#[test]
fn verify_all_borrows_owned_or_borrowed_inputs_and_map_keeps_only_what_the_caller_asks() {
    let (verifier, inputs, expected) = catalogue();
    let mut outcomes = Vec::new();
    verifier.verify_all(inputs.iter().map(Vec::as_slice), |_, report| {
        outcomes.push(report.outcome());
    });
    assert_eq!(outcomes, expected);

    // `map`: the work runs on the pool, the caller keeps a summary only.
    let mut verified = 0usize;
    let count = verifier.batch().jobs(2).map(
        inputs.clone(),
        |verifier, bytes| verifier.verify(&bytes).is_verified(),
        |_, ok| verified += usize::from(ok),
    );
    assert_eq!(count, inputs.len());
    assert_eq!(
        verified,
        expected.iter().filter(|o| **o == Outcome::Verified).count()
    );
}

#[test]
fn each_report_carries_the_credential_as_read() {
    let (verifier, inputs, expected) = catalogue();
    let mut checked = 0;
    verifier.verify_all(&inputs, |index, report| {
        if expected[index] == Outcome::Unreadable {
            assert_eq!(report.credential_json(), None);
            return;
        }
        let copy = report.clone();
        let read: Value = match serde_json::from_slice(&inputs[index]) {
            Ok(json) => json,
            // A baked image: the credential inside is the one the JSON input of its round carries.
            Err(_) => openbadges::bake::unbake(&inputs[index])
                .ok()
                .and_then(|unbaked| serde_json::from_str(unbaked.payload.as_str()).ok())
                .expect("a baked credential"),
        };
        assert_eq!(report.credential_json(), Some(&read), "input {index}");
        assert_eq!(report.to_json()["credential"], read, "input {index}");
        // A copy made before the credential was first read is the same report.
        assert_eq!(copy, report, "input {index}");
        checked += 1;
    });
    assert_eq!(checked, 72);
}

#[test]
fn a_credential_deeper_than_serde_jsons_default_is_carried_whole() {
    let mut options = VerifyOptions::new(now());
    options.json_limits.max_depth = 300;
    let verifier = Verifier::new(options);
    let mut credential = badge(&did(&key(1)));
    let mut deep = Value::String("leaf".into());
    for _ in 0..200 {
        deep = Value::Array(vec![deep]);
    }
    credential["credentialSubject"]["notes"] = deep;
    let report = verifier.verify(&to_bytes(&credential));
    assert_eq!(
        report
            .credential_json()
            .map(|c| &c["credentialSubject"]["notes"]),
        Some(&credential["credentialSubject"]["notes"])
    );
}
