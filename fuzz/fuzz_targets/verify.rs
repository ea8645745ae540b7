//! `Verifier::verify` on arbitrary bytes: JSON, JWT, PNG, SVG, presentations — whatever a
//! stranger hands over. Never panics; the report always serializes.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use openbadges::verify::{Verifier, VerifyOptions};

fuzz_target!(|data: &[u8]| {
    let now = Utc
        .with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let report = Verifier::new(VerifyOptions::new(now)).verify(data);
    let _ = serde_json::to_vec(&report.to_json());
});
