//! VC-JWT verification of an arbitrary token (keys resolved offline: did:key, did:jwk).
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use openbadges::jwt;
use openbadges::keys::StaticResolver;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let now = Utc
        .with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let _ = jwt::verify(
        token,
        &StaticResolver::new(),
        &jwt::VerifyOptions::default().at(now),
    );
});
