//! did:key and did:jwk round trips against the w3c-ccg did-method-key vectors.

use openbadges::keys::{
    BuiltinResolver, DidKeyForm, KeyError, KeyMaterial, Keypair, PublicKey, ResolveError, Resolver,
    decode_did_jwk, did_jwk_document, did_key_document, encode_did_jwk,
};
use serde_json::{Value, json};

fn fixture(path: &str) -> Value {
    let full = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn seed(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex seed");
    }
    out
}

fn vectors() -> Vec<(String, Value)> {
    let all = fixture("did-key/test-vectors/ed25519-x25519.json");
    let map = all.as_object().expect("object of vectors");
    assert_eq!(map.len(), 5);
    map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

#[test]
fn seeds_derive_the_published_did_keys_and_back() {
    for (did, vector) in vectors() {
        let keypair = Keypair::from_seed(&seed(vector["seed"].as_str().expect("seed")));
        let key = keypair.public_key();
        assert_eq!(key.to_did_key(), did);
        assert_eq!(PublicKey::from_did_key(&did).expect("did decodes"), key);
        let verification = &vector["verificationKeyPair"];
        match verification["type"].as_str() {
            Some("Ed25519VerificationKey2018") => {
                let base58 = verification["publicKeyBase58"].as_str().expect("base58");
                assert_eq!(key.to_base58(), base58);
                assert_eq!(PublicKey::from_base58(base58).expect("base58 key"), key);
            }
            Some("JsonWebKey2020") => {
                // Same members, possibly in another order: compare as JSON.
                assert_eq!(key.to_jwk(), verification["publicKeyJwk"]);
                assert_eq!(keypair.to_private_jwk(), verification["privateKeyJwk"]);
                assert_eq!(
                    PublicKey::from_jwk(&verification["publicKeyJwk"]).expect("jwk"),
                    key
                );
                let back = Keypair::from_private_jwk(&verification["privateKeyJwk"]).expect("d");
                assert_eq!(back.public_key(), key);
            }
            other => panic!("unexpected type {other:?}"),
        }
    }
}

#[test]
fn did_key_documents_match_the_published_ones_for_the_ed25519_method() {
    for (did, vector) in vectors() {
        let expected = &vector["didDocument"];
        let key = PublicKey::from_did_key(&did).expect("did");
        let method_id = format!("{did}#{}", key.to_multibase());
        for form in [DidKeyForm::Multikey, DidKeyForm::Ed25519VerificationKey2020] {
            let document = did_key_document(&key, form);
            assert_eq!(document["id"], expected["id"]);
            if form == DidKeyForm::Multikey {
                let resolved = BuiltinResolver.resolve_document(&did).expect("resolves");
                assert_eq!(resolved.as_json(), &document, "{did}");
                let (method, controller) = BuiltinResolver
                    .resolve_method_and_controller(&method_id)
                    .expect("resolves");
                assert_eq!(method.key, KeyMaterial::Ed25519(key));
                assert_eq!(controller.as_json(), &document, "{did}");
            }
            let ours = &document["verificationMethod"][0];
            let theirs = &expected["verificationMethod"][0];
            assert_eq!(ours["id"], theirs["id"]);
            assert_eq!(ours["controller"], theirs["controller"]);
            assert_eq!(ours["publicKeyMultibase"], key.to_multibase().as_str());
            for relationship in [
                "assertionMethod",
                "authentication",
                "capabilityInvocation",
                "capabilityDelegation",
            ] {
                assert_eq!(document[relationship], json!([method_id]), "{relationship}");
                assert_eq!(
                    document[relationship], expected[relationship],
                    "{relationship}"
                );
            }
        }
        // The built-in resolver serves the same key for the DID URL.
        let method = BuiltinResolver
            .resolve_verification_method(&method_id)
            .expect("resolves");
        assert_eq!(method.key, KeyMaterial::Ed25519(key));
        assert_eq!(method.controller, did);
        assert_eq!(method.method_type, "Multikey");
    }
}

#[test]
fn did_key_form_2020_uses_the_legacy_type_and_context() {
    let key = Keypair::from_seed(&[9; 32]).public_key();
    let document = did_key_document(&key, DidKeyForm::Ed25519VerificationKey2020);
    assert_eq!(
        document["@context"],
        json!([
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/ed25519-2020/v1"
        ])
    );
    assert_eq!(
        document["verificationMethod"][0]["type"],
        "Ed25519VerificationKey2020"
    );
    let multikey = did_key_document(&key, DidKeyForm::default());
    assert_eq!(
        multikey["@context"][1],
        "https://w3id.org/security/multikey/v1"
    );
}

#[test]
fn malformed_did_keys_are_typed_errors() {
    let good = Keypair::from_seed(&[1; 32]).public_key().to_did_key();
    let other = Keypair::from_seed(&[2; 32]).public_key().to_multibase();
    for bad in [
        "did:web:example.com".to_owned(),
        "did:key:".to_owned(),
        "did:key:f6Mk".to_owned(),
        format!("{good}0"),
        format!("{good}#{other}"),
        // X25519 (z6LS…) is not a verification key.
        "did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW".to_owned(),
    ] {
        assert!(
            matches!(PublicKey::from_did_key(&bad), Err(KeyError::Did { .. })),
            "{bad}"
        );
    }
    assert!(matches!(
        BuiltinResolver.resolve_document("did:key:zzz"),
        Err(ResolveError::Invalid { .. })
    ));
    assert!(matches!(
        BuiltinResolver.resolve_document("did:web:example.com"),
        Err(ResolveError::NotFound { .. })
    ));
}

#[test]
fn did_jwk_round_trip_and_document() {
    let keypair = Keypair::from_seed(&[5; 32]);
    let key = keypair.public_key();
    let did = key.to_did_jwk();
    assert!(did.starts_with("did:jwk:eyJjcnYiOiJFZDI1NTE5Iiwia3R5IjoiT0tQIiwieCI6"));
    assert_eq!(decode_did_jwk(&did).expect("decodes"), key.to_jwk());
    assert_eq!(encode_did_jwk(&key.to_jwk()).expect("encodes"), did);

    let document = did_jwk_document(&did).expect("document");
    let method_id = format!("{did}#0");
    assert_eq!(document["verificationMethod"][0]["id"], method_id.as_str());
    assert_eq!(document["verificationMethod"][0]["type"], "JsonWebKey2020");
    assert_eq!(
        document["verificationMethod"][0]["publicKeyJwk"],
        key.to_jwk()
    );
    for relationship in [
        "assertionMethod",
        "authentication",
        "capabilityInvocation",
        "capabilityDelegation",
        "keyAgreement",
    ] {
        assert_eq!(document[relationship], json!([method_id]), "{relationship}");
    }
    let method = BuiltinResolver
        .resolve_verification_method(&method_id)
        .expect("resolves");
    assert_eq!(method.ed25519(), Some(&key));
    assert!(matches!(
        BuiltinResolver.resolve_verification_method(&format!("{did}#1")),
        Err(ResolveError::MethodNotInDocument { .. }) | Err(ResolveError::Invalid { .. })
    ));
}

#[test]
fn did_jwk_keeps_other_key_types_and_honours_use() {
    // The P-256 example of the did:jwk specification.
    let did = "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9";
    let jwk = decode_did_jwk(did).expect("decodes");
    assert_eq!(jwk["kty"], "EC");
    assert_eq!(encode_did_jwk(&jwk).expect("encodes"), did);
    let method = BuiltinResolver
        .resolve_verification_method(&format!("{did}#0"))
        .expect("resolves");
    assert_eq!(method.key, KeyMaterial::Jwk(jwk.clone()));
    assert_eq!(method.ed25519(), None);

    let mut signing_only = jwk.clone();
    signing_only["use"] = json!("sig");
    let sig_did = encode_did_jwk(&signing_only).expect("encodes");
    let document = did_jwk_document(&sig_did).expect("document");
    assert!(document.get("keyAgreement").is_none());
    assert!(document.get("assertionMethod").is_some());

    let mut encryption_only = jwk;
    encryption_only["use"] = json!("enc");
    let enc_did = encode_did_jwk(&encryption_only).expect("encodes");
    let document = did_jwk_document(&enc_did).expect("document");
    assert!(document.get("keyAgreement").is_some());
    assert!(document.get("assertionMethod").is_none());
}

#[test]
fn did_jwk_refuses_private_keys_and_garbage() {
    let keypair = Keypair::from_seed(&[5; 32]);
    assert!(matches!(
        encode_did_jwk(&keypair.to_private_jwk()),
        Err(KeyError::Jwk { .. })
    ));
    use base64::Engine as _;
    let private = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(keypair.to_private_jwk().to_string());
    for bad in [
        format!("did:jwk:{private}"),
        "did:jwk:!!!".to_owned(),
        "did:jwk:bm90IGpzb24".to_owned(), // "not json"
        "did:jwk:WzFd".to_owned(),        // [1]
        "did:key:z6Mk".to_owned(),
    ] {
        assert!(
            matches!(decode_did_jwk(&bad), Err(KeyError::Did { .. })),
            "{bad}"
        );
    }
}

#[test]
fn did_key_method_id_and_did_jwk_key_helpers() {
    let key = Keypair::from_seed(&[6; 32]).public_key();
    let id = key.to_did_key_method_id();
    assert_eq!(id, format!("{}#{}", key.to_did_key(), key.to_multibase()));
    assert_eq!(PublicKey::from_did_key(&id).expect("DID URL"), key);
    let did = key.to_did_jwk();
    assert_eq!(PublicKey::from_did_jwk(&did).expect("did:jwk"), key);
    assert_eq!(
        PublicKey::from_did_jwk(&format!("{did}#0")).expect("#0"),
        key
    );
    assert!(PublicKey::from_did_key(&did).is_err());
}

#[test]
fn a_bare_did_key_names_its_one_method() {
    let key = Keypair::from_seed(&[7; 32]).public_key();
    let method = BuiltinResolver
        .resolve_verification_method(&key.to_did_key())
        .expect("bare did:key");
    assert_eq!(method.id, key.to_did_key_method_id());
    assert_eq!(method.ed25519(), Some(&key));
    let method = openbadges::keys::StaticResolver::new()
        .resolve_verification_method(&key.to_did_key())
        .expect("bare did:key through the static resolver");
    assert_eq!(method.id, key.to_did_key_method_id());
}
