//! Key encodings: Multikey public/secret multibase, legacy 2018/2020 forms, JWK, Debug hygiene.

use openbadges::keys::{KeyError, Keypair, PublicKey};
use serde_json::Value;

fn fixture(path: &str) -> Value {
    let full = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn str_of<'a>(value: &'a Value, member: &str) -> &'a str {
    value[member].as_str().unwrap_or_else(|| panic!("{member}"))
}

#[test]
fn vc_di_eddsa_key_pair_round_trips() {
    let pair = fixture("vc-di-eddsa/TestVectors/keyPair.json");
    let secret = str_of(&pair, "privateKeyMultibase");
    let public = str_of(&pair, "publicKeyMultibase");
    let keypair = Keypair::from_secret_multibase(secret).expect("secret decodes");
    assert_eq!(keypair.public_key().to_multibase(), public);
    assert_eq!(keypair.to_secret_multibase().as_str(), secret);
    assert_eq!(
        PublicKey::from_multibase(public).expect("public decodes"),
        keypair.public_key()
    );
    assert_eq!(
        keypair.public_key().to_did_key(),
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    );
}

#[test]
fn proof_set_key_pairs_round_trip() {
    let pairs = fixture("vc-di-eddsa/TestVectors/proof-set-chain/multiKeyPairs.json");
    let pairs = pairs.as_object().expect("object");
    assert_eq!(pairs.len(), 4);
    for pair in pairs.values() {
        let secret = str_of(pair, "privateKeyMultibase");
        let keypair = Keypair::from_secret_multibase(secret).expect("secret decodes");
        assert_eq!(
            keypair.public_key().to_multibase(),
            str_of(pair, "publicKeyMultibase")
        );
        assert_eq!(keypair.to_secret_multibase().as_str(), secret);
    }
}

#[test]
fn legacy_64_byte_secret_multibase_is_accepted_and_checked() {
    let pair = fixture("ed25519-2020/digitalbazaar/mock-data.mockKeyPair2020.json");
    let keypair =
        Keypair::from_secret_multibase(str_of(&pair, "privateKeyMultibase")).expect("decodes");
    assert_eq!(
        keypair.public_key().to_multibase(),
        str_of(&pair, "publicKeyMultibase")
    );
    // Re-exported in the 32-byte seed form, which decodes to the same pair.
    let again = Keypair::from_secret_multibase(&keypair.to_secret_multibase()).expect("decodes");
    assert_eq!(again.public_key(), keypair.public_key());

    // A 64-byte secret whose public half belongs to another seed is refused.
    let other = Keypair::from_seed(&[4; 32]);
    let mut forged = vec![0x80, 0x26];
    forged.extend_from_slice(&[1; 32]);
    forged.extend_from_slice(other.public_key().as_bytes());
    let forged = format!("z{}", bs58_encode(&forged));
    assert_eq!(
        Keypair::from_secret_multibase(&forged).err(),
        Some(KeyError::KeyMismatch)
    );
}

#[test]
fn ed25519_2018_base58_key_matches_its_secret() {
    let pair = fixture("ed25519-2020/digitalbazaar/mock-data.mockKeyPair2018.json");
    let key = PublicKey::from_base58(str_of(&pair, "publicKeyBase58")).expect("base58");
    assert_eq!(key.to_base58(), str_of(&pair, "publicKeyBase58"));
    // privateKeyBase58 is seed ‖ public key (64 bytes).
    let secret = bs58_decode(str_of(&pair, "privateKeyBase58"));
    let seed: [u8; 32] = secret[..32].try_into().expect("32-byte seed");
    assert_eq!(Keypair::from_seed(&seed).public_key(), key);
    assert_eq!(key.as_bytes()[..], secret[32..]);
}

#[test]
fn debug_never_shows_the_secret() {
    let pair = fixture("vc-di-eddsa/TestVectors/keyPair.json");
    let secret = str_of(&pair, "privateKeyMultibase");
    let keypair = Keypair::from_secret_multibase(secret).expect("decodes");
    let debug = format!("{keypair:?} {keypair:#?}");
    assert!(
        debug.contains(str_of(&pair, "publicKeyMultibase")),
        "{debug}"
    );
    assert!(!debug.contains(secret), "{debug}");
    assert!(!debug.contains(&secret[1..9]), "{debug}");
    let seed_hex: String = {
        let bytes = bs58_decode(&secret[1..]);
        bytes[2..].iter().map(|b| format!("{b:02x}")).collect()
    };
    assert!(!debug.to_lowercase().contains(&seed_hex[..16]), "{debug}");
    assert!(!debug.contains(&format!("{:?}", &bs58_decode(&secret[1..])[2..6])));
}

#[test]
fn generated_keys_differ_and_sign_verifiably() {
    let a = Keypair::generate();
    let b = Keypair::generate();
    assert_ne!(a.public_key(), b.public_key());
    let signature = a.sign(b"badge");
    assert_eq!(a.public_key().verify(b"badge", &signature), Ok(()));
    assert_eq!(
        a.public_key().verify(b"badgE", &signature),
        Err(KeyError::Signature)
    );
    assert_eq!(
        b.public_key().verify(b"badge", &signature),
        Err(KeyError::Signature)
    );
    assert!(matches!(
        a.public_key().verify(b"badge", &signature[..63]),
        Err(KeyError::Length { found: 63, .. })
    ));
}

#[test]
fn jwk_round_trip_and_private_export_is_explicit() {
    let keypair = Keypair::from_seed(&[8; 32]);
    let jwk = keypair.public_key().to_jwk();
    assert_eq!(jwk["kty"], "OKP");
    assert_eq!(jwk["crv"], "Ed25519");
    assert!(jwk.get("d").is_none());
    assert_eq!(
        PublicKey::from_jwk(&jwk).expect("jwk"),
        keypair.public_key()
    );
    let private = keypair.to_private_jwk();
    assert!(private.get("d").is_some());
    assert!(matches!(
        PublicKey::from_jwk(&private),
        Err(KeyError::Jwk { .. })
    ));
    let back = Keypair::from_private_jwk(&private).expect("private jwk");
    assert_eq!(back.public_key(), keypair.public_key());
    let mut mismatched = private.clone();
    mismatched["x"] = Keypair::from_seed(&[9; 32]).public_key().to_jwk()["x"].clone();
    assert_eq!(
        Keypair::from_private_jwk(&mismatched).err(),
        Some(KeyError::KeyMismatch)
    );
    let mut p256 = jwk.clone();
    p256["crv"] = "P-256".into();
    assert!(matches!(
        PublicKey::from_jwk(&p256),
        Err(KeyError::Jwk { .. })
    ));
}

#[test]
fn malformed_multibase_values_are_typed_errors() {
    let key = Keypair::from_seed(&[2; 32]).public_key();
    let good = key.to_multibase();
    assert!(matches!(
        PublicKey::from_multibase(&good[1..]),
        Err(KeyError::Multibase { .. })
    ));
    assert!(matches!(
        PublicKey::from_multibase("u7QE"),
        Err(KeyError::Multibase { .. })
    ));
    assert!(matches!(
        PublicKey::from_multibase(""),
        Err(KeyError::Multibase { .. })
    ));
    assert!(matches!(
        PublicKey::from_multibase("z0OIl"),
        Err(KeyError::Multibase { .. })
    ));
    // The secret key is not a public key and vice versa.
    let secret = Keypair::from_seed(&[2; 32]).to_secret_multibase();
    assert!(matches!(
        PublicKey::from_multibase(&secret),
        Err(KeyError::Multicodec { .. })
    ));
    assert!(matches!(
        Keypair::from_secret_multibase(&good),
        Err(KeyError::Multicodec { .. })
    ));
    // Truncated key.
    let mut short = vec![0xed, 0x01];
    short.extend_from_slice(&key.as_bytes()[..31]);
    assert!(matches!(
        PublicKey::from_multibase(&format!("z{}", bs58_encode(&short))),
        Err(KeyError::Length { found: 31, .. })
    ));
}

fn bs58_encode(bytes: &[u8]) -> String {
    bs58::encode(bytes).into_string()
}

fn bs58_decode(text: &str) -> Vec<u8> {
    bs58::decode(text).into_vec().expect("base58")
}
