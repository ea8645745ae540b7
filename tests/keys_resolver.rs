//! Offline resolution: registered controller documents, standalone key documents, relationships.

use openbadges::keys::{
    ControllerDocument, KeyMaterial, Keypair, PublicKey, ResolveError, Resolver, StaticResolver,
    VerificationMethod,
};
use serde_json::{Value, json};

fn fixture(path: &str) -> Value {
    let full = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{full}: {e}"))
}

#[test]
fn embedded_methods_in_published_controller_documents_resolve() {
    let mut resolver = StaticResolver::new();
    for (document, key_pair) in [
        ("controllerDoc2020", "mockKeyPair2020"),
        ("controllerDoc2018", "mockKeyPair2018"),
    ] {
        let document = fixture(&format!(
            "ed25519-2020/digitalbazaar/mock-data.{document}.json"
        ));
        let key_pair = fixture(&format!(
            "ed25519-2020/digitalbazaar/mock-data.{key_pair}.json"
        ));
        resolver.insert(document).expect("registers");
        let id = key_pair["id"].as_str().expect("id");
        let method = resolver.resolve_verification_method(id).expect("resolves");
        assert_eq!(method.id, id);
        assert_eq!(method.method_type, key_pair["type"]);
        assert_eq!(method.controller, "https://example.edu/issuers/565049");
        let controller = resolver
            .resolve_document(&method.controller)
            .expect("controller");
        assert!(controller.authorizes("assertionMethod", id));
        assert!(!controller.authorizes("authentication", id));
    }
}

#[test]
fn did_key_controller_document_fixture_authorizes_its_key() {
    let document = ControllerDocument::from_json(fixture(
        "ed25519-2020/digitalbazaar/test-vectors.controllerDoc.json",
    ))
    .expect("document");
    let key =
        PublicKey::from_multibase("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2").expect("key");
    let id = format!("{}#{}", key.to_did_key(), key.to_multibase());
    let method = document.verification_method(&id).expect("embedded");
    assert_eq!(method.key, KeyMaterial::Ed25519(key));
    assert!(document.authorizes("assertionMethod", &id));
}

#[test]
fn standalone_key_documents_resolve_by_their_own_id() {
    let public = fixture("ed25519-2020/digitalbazaar/mock-data.mockPublicKey2020.json");
    let id = public["id"].as_str().expect("id").to_owned();
    let mut resolver = StaticResolver::new();
    resolver.insert(public.clone()).expect("registers");
    let method = resolver.resolve_verification_method(&id).expect("resolves");
    assert_eq!(
        method.ed25519().map(PublicKey::to_multibase).as_deref(),
        public["publicKeyMultibase"].as_str()
    );
    // Its controller is not registered: unavailable, not invalid.
    assert_eq!(
        resolver.resolve_document(&method.controller),
        Err(ResolveError::NotFound {
            id: method.controller.clone()
        })
    );
}

#[test]
fn relative_ids_and_references_resolve_against_the_document() {
    let key = Keypair::from_seed(&[11; 32]).public_key();
    let other = Keypair::from_seed(&[12; 32]).public_key();
    let mut resolver = StaticResolver::new();
    resolver
        .insert(json!({
            "id": "did:web:issuer.example",
            "verificationMethod": [
                {"id": "#key-1", "type": "Multikey", "controller": "did:web:issuer.example",
                 "publicKeyMultibase": key.to_multibase()},
                {"id": "did:web:issuer.example#key-2", "type": "Ed25519VerificationKey2018",
                 "controller": "did:web:issuer.example", "publicKeyBase58": other.to_base58()},
            ],
            "assertionMethod": ["#key-1"],
            "authentication": ["did:web:issuer.example#key-2"],
            "capabilityInvocation": [
                {"id": "#key-3", "type": "JsonWebKey2020", "controller": "did:web:issuer.example",
                 "publicKeyJwk": key.to_jwk()}
            ],
        }))
        .expect("registers");
    let doc = resolver
        .resolve_document("did:web:issuer.example")
        .expect("doc");
    assert!(doc.authorizes("assertionMethod", "did:web:issuer.example#key-1"));
    assert!(!doc.authorizes("assertionMethod", "did:web:issuer.example#key-2"));
    assert!(doc.authorizes("authentication", "did:web:issuer.example#key-2"));
    assert!(doc.authorizes("capabilityInvocation", "did:web:issuer.example#key-3"));

    let one = resolver
        .resolve_verification_method("did:web:issuer.example#key-1")
        .expect("key-1");
    assert_eq!(one.id, "did:web:issuer.example#key-1");
    assert_eq!(one.ed25519(), Some(&key));
    let two = resolver
        .resolve_verification_method("did:web:issuer.example#key-2")
        .expect("key-2");
    assert_eq!(two.ed25519(), Some(&other));
    let three = resolver
        .resolve_verification_method("did:web:issuer.example#key-3")
        .expect("key-3 embedded in a relationship");
    assert_eq!(three.ed25519(), Some(&key));
    assert_eq!(
        resolver.resolve_verification_method("did:web:issuer.example#key-9"),
        Err(ResolveError::MethodNotInDocument {
            id: "did:web:issuer.example#key-9".into(),
            document: "did:web:issuer.example".into()
        })
    );
    assert_eq!(
        resolver.resolve_verification_method("did:web:elsewhere.example#key-1"),
        Err(ResolveError::NotFound {
            id: "did:web:elsewhere.example".into()
        })
    );
    // did:key still resolves through the built-in fallback.
    let did_key = format!("{}#{}", key.to_did_key(), key.to_multibase());
    assert_eq!(
        resolver
            .resolve_verification_method(&did_key)
            .expect("did:key")
            .ed25519(),
        Some(&key)
    );
}

#[test]
fn malformed_methods_are_invalid_not_missing() {
    let mut resolver = StaticResolver::new();
    resolver
        .insert(json!({
            "id": "https://issuer.example/keys",
            "verificationMethod": [
                {"id": "#bad", "type": "Multikey", "controller": "https://issuer.example/keys",
                 "publicKeyMultibase": "zNotAKey"},
                {"id": "#odd", "type": "EcdsaSecp256k1VerificationKey2019",
                 "controller": "https://issuer.example/keys", "publicKeyHex": "00"},
            ]
        }))
        .expect("registers");
    for id in ["#bad", "#odd"] {
        let id = format!("https://issuer.example/keys{id}");
        assert!(
            matches!(
                resolver.resolve_verification_method(&id),
                Err(ResolveError::Invalid { .. })
            ),
            "{id}"
        );
    }
    assert!(resolver.insert(json!({"no": "id"})).is_err());
}

#[test]
fn verification_method_json_round_trips() {
    let key = Keypair::from_seed(&[13; 32]).public_key();
    for method_type in [
        "Multikey",
        "Ed25519VerificationKey2020",
        "Ed25519VerificationKey2018",
        "JsonWebKey2020",
    ] {
        let mut method =
            VerificationMethod::multikey("https://x.example#k", "https://x.example", key);
        method.method_type = method_type.to_owned();
        let json = method.to_json();
        assert_eq!(
            VerificationMethod::from_json(&json, None).expect("parses"),
            method,
            "{method_type}"
        );
        assert_eq!(method.public_jwk(), key.to_jwk());
    }
}

#[test]
fn method_and_controller_resolve_as_the_two_separate_steps() {
    let did = Keypair::from_seed(&[3; 32]).public_key().to_did_key();
    let multibase = did.trim_start_matches("did:key:").to_owned();
    let fragment = format!("{did}#{multibase}");
    let mut registered = StaticResolver::new();
    registered
        .insert(fixture(
            "ed25519-2020/digitalbazaar/mock-data.mockPublicKey2020.json",
        ))
        .expect("registers");
    let builtin = openbadges::keys::BuiltinResolver;
    let resolvers: [&dyn Resolver; 3] = [&builtin, &StaticResolver::new(), &registered];
    for resolver in resolvers {
        for id in [
            fragment.as_str(),
            did.as_str(),
            "did:key:zNotAKey",
            "https://x.test/k#1",
        ] {
            let separate = resolver.resolve_verification_method(id).and_then(|method| {
                let controller = resolver.resolve_document(&method.controller)?;
                Ok((method, controller))
            });
            assert_eq!(resolver.resolve_method_and_controller(id), separate, "{id}");
        }
    }
    let (method, controller) = builtin
        .resolve_method_and_controller(&fragment)
        .expect("did:key resolves");
    assert_eq!(controller.id(), did);
    assert_eq!(method.controller, did);
    assert!(controller.authorizes("assertionMethod", &method.id));
}
