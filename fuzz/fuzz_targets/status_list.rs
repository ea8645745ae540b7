//! Status-list credential decoding (Bitstring Status List, RevocationList2020/StatusList2021):
//! `encodedList` base64url + GZIP, bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openbadges::json::{self, JsonLimits};
use openbadges::status::DecodedStatusList;

fuzz_target!(|data: &[u8]| {
    if let Ok(credential) = json::parse(data, &JsonLimits::default()) {
        if let Ok(list) = DecodedStatusList::from_credential(&credential) {
            let _ = list.bit_len();
        }
    }
});
