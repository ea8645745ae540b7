//! Open Badges 2.0: arbitrary bytes (assertion JSON, compact JWS, assertion URL, baked PNG or
//! SVG) verified against the issuer documents of `fixtures/ob2/documents`, so signed and hosted
//! assertions reach the signature, hosting, revocation and recipient checks; a verified
//! assertion is upgraded to an OB 3.0 credential. Never panics; the report always serializes.
#![no_main]

use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use openbadges::documents::DocumentStore;
use openbadges::verify::{Verifier, VerifyOptions};

fn verifier() -> &'static Verifier {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        let now = Utc
            .with_ymd_and_hms(2026, 1, 15, 12, 0, 0)
            .single()
            .unwrap_or_default();
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/ob2/documents");
        let documents = DocumentStore::load_dir(&folder).expect("the OB 2.0 fixture documents");
        Verifier::new(VerifyOptions::new(now)).with_documents(documents)
    })
}

fuzz_target!(|data: &[u8]| {
    let verification = verifier().verify_ob2(data);
    let _ = serde_json::to_vec(&verification.report.to_json());
    if let Some(verified) = verification.verified() {
        let _ = openbadges::ob2::upgrade(verified);
    }
});
