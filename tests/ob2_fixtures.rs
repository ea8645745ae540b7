//! `fixtures/ob2/` is exactly what the generator in `ob2_support` makes from the committed test
//! keys: nothing in it was edited by hand, and RS256 (PKCS#1 v1.5) signatures are deterministic.
//!
//! Rewrite everything (keys included, from their seeds) with
//! `cargo test --release --test ob2_fixtures -- --ignored write_fixtures`.

mod ob2_support;

use ob2_support::*;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};

#[test]
fn committed_fixtures_are_what_the_generator_makes() {
    let files = generate(
        &private_key("issuer-key.pem"),
        &private_key("other-key.pem"),
    );
    for (name, bytes) in &files {
        assert!(
            read(name) == *bytes,
            "fixtures/ob2/{name} differs from the generator's output; rerun write_fixtures"
        );
    }
    // And nothing else is there but the keys and the manifest.
    let mut on_disk = Vec::new();
    for sub in ["", "documents", "baked", "keys"] {
        for entry in std::fs::read_dir(dir().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                on_disk.push(
                    path.strip_prefix(dir())
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    on_disk.retain(|name| !name.starts_with("keys/") && name != "MANIFEST.md");
    on_disk.sort();
    assert_eq!(on_disk, files.keys().cloned().collect::<Vec<_>>());
}

#[test]
#[ignore = "rewrites fixtures/ob2 (slow key generation: run with --release)"]
fn write_fixtures() {
    let keys_dir = dir().join("keys");
    std::fs::create_dir_all(&keys_dir).unwrap();
    let issuer = generate_key(ISSUER_KEY_SEED);
    let other = generate_key(OTHER_KEY_SEED);
    for (name, key) in [("issuer-key.pem", &issuer), ("other-key.pem", &other)] {
        let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap();
        std::fs::write(keys_dir.join(name), pem.as_bytes()).unwrap();
    }
    for (name, bytes) in generate(&issuer, &other) {
        let path = dir().join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}
