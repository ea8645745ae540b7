//! PNG and SVG unbaking, and the round trip: what unbakes, re-baked into the same image,
//! unbakes to the same payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openbadges::bake;

fuzz_target!(|data: &[u8]| {
    let Ok(found) = bake::unbake(data) else {
        return;
    };
    if let Ok(baked) = bake::bake(data, &found.payload) {
        let again = bake::unbake(&baked).expect("a baked image unbakes");
        assert_eq!(
            again.payload, found.payload,
            "round trip changed the payload"
        );
    }
});
