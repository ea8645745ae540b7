//! `Verifier::verify_presentation` on arbitrary bytes (presentation JSON, VP-JWT, an Open Badges
//! API response) with a challenge and domain required: the holder's proof, challenge, domain,
//! holder binding and every embedded credential; then `Verifier::needs` on the same bytes (the
//! holder's key and each credential's documents). Never panics; the report always serializes.
//! The seeds (`fuzz/seeds/presentation`) were made with `openbadges present` in December 2026
//! from `fixtures/bench/typical-credential.json`: the clock is set just after, so they verify.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use openbadges::verify::{PresentationOptions, Verifier, VerifyOptions};

fuzz_target!(|data: &[u8]| {
    let now = Utc
        .with_ymd_and_hms(2027, 1, 1, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let expected = PresentationOptions::new()
        .challenge("fuzz-challenge")
        .domain("https://verifier.example");
    let verifier = Verifier::new(VerifyOptions::new(now));
    let report = verifier.verify_presentation(data, &expected);
    let _ = serde_json::to_vec(&report.to_json());
    let _ = serde_json::to_vec(&verifier.needs(data).to_json());
});
