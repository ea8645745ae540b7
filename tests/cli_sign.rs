//! `openbadges keygen`, `sign` (three Data Integrity suites, VC-JWT with EdDSA/RS256/ES256) and
//! `canonicalize`, checked with the library.

mod cli_support;
use cli_support::*;

use chrono::{TimeZone, Utc};
use openbadges::issuer::verify_signature;
use openbadges::jwt;
use openbadges::keys::{BuiltinResolver, Keypair};
use openbadges::proof::VerifyOptions;
use serde_json::Value;
use std::path::Path;

const SEED: &str = "0707070707070707070707070707070707070707070707070707070707070707";

#[test]
fn keygen_with_a_seed_is_deterministic() {
    let (code, first, _) = run(&["keygen", "--seed", SEED]);
    assert_eq!(code, 0);
    let (_, second, _) = run(&["keygen", "--seed", SEED]);
    assert_eq!(first, second);
    let key: Value = serde_json::from_str(&first).unwrap();
    let expected = Keypair::from_seed(&[7; 32]);
    let public = expected.public_key();
    assert_eq!(key["type"], "Ed25519");
    assert_eq!(key["did"], public.to_did_key());
    assert_eq!(key["verificationMethod"], public.to_did_key_method_id());
    assert_eq!(key["publicKeyMultibase"], public.to_multibase());
    assert_eq!(
        key["secretKeyMultibase"],
        expected.to_secret_multibase().as_str()
    );
    assert_eq!(key["publicKeyJwk"], public.to_jwk());
    assert_eq!(key["privateKeyJwk"], expected.to_private_jwk());

    let (_, random, _) = run(&["keygen"]);
    let random: Value = serde_json::from_str(&random).unwrap();
    assert_ne!(random["did"], key["did"]);

    let (code, stdout, _) = run(&[
        "keygen",
        "--seed",
        SEED,
        "--controller",
        "did:web:example.org",
    ]);
    assert_eq!(code, 0);
    let web: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(web["did"], "did:web:example.org");
    assert_eq!(
        web["verificationMethod"],
        format!("did:web:example.org#{}", public.to_multibase())
    );
}

#[test]
fn keygen_rejects_a_bad_seed() {
    for seed in ["07", "zz", "070"] {
        let (code, _, stderr) = run(&["keygen", "--seed", seed]);
        assert_eq!(code, 2, "{seed}");
        assert!(stderr.contains("--seed"), "{stderr}");
    }
}

/// `fixtures/<path>` with its issuer set to `did` (`sign` refuses to sign another issuer's
/// credential: verifiers would answer UnboundKey), written to `dir/name`.
fn issued_by(dir: &Path, path: &str, did: &str, name: &str) -> String {
    let mut credential: Value =
        serde_json::from_slice(&std::fs::read(fixture(path)).unwrap()).unwrap();
    if credential["issuer"].is_object() {
        credential["issuer"]["id"] = did.into();
    } else {
        credential["issuer"] = did.into();
    }
    let out = dir.join(name);
    std::fs::write(&out, serde_json::to_vec_pretty(&credential).unwrap()).unwrap();
    out.to_str().unwrap().to_owned()
}

/// The `did` of a key file.
fn did_of(key: &str) -> String {
    let key: Value = serde_json::from_slice(&std::fs::read(key).unwrap()).unwrap();
    key["did"].as_str().unwrap().to_owned()
}

#[test]
fn sign_refuses_another_issuers_credential_and_nonconformant_ones() {
    let dir = temp_dir("sign-refuse");
    let key = key_file(&dir, SEED, "key.json");
    // The fixture's issuer is https://example.edu/issuers/565049, not this key's DID.
    let foreign = fixture("jsonld-credentials/ob3-unsigned.json");
    let (code, stdout, stderr) = run(&["sign", "--key", &key, &foreign]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("UnboundKey"), "{stderr}");
    assert!(stderr.contains(&did_of(&key)), "{stderr}");
    // No subject and a bad date: both listed, one per line; --allow-nonconformant signs.
    let mut bad: Value = serde_json::from_str(
        &std::fs::read_to_string(issued_by(
            &dir,
            "jsonld-credentials/ob3-unsigned.json",
            &did_of(&key),
            "c.json",
        ))
        .unwrap(),
    )
    .unwrap();
    bad.as_object_mut().unwrap().remove("credentialSubject");
    bad["validFrom"] = "Sat 25 Feb 2023 07:16:31 PM CST".into();
    let bad_path = dir.join("bad.json");
    std::fs::write(&bad_path, bad.to_string()).unwrap();
    let bad_path = bad_path.to_str().unwrap();
    let (code, _, stderr) = run(&["sign", "--key", &key, "--suite", "eddsa-jcs-2022", bad_path]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("2 problems"), "{stderr}");
    assert!(
        stderr.contains("\n  OB_MISSING_FIELD at `/credentialSubject`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\n  OB_BAD_DATE at `/validFrom`"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["sign", "--key", &key, "--format", "jwt", bad_path]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("OB_MISSING_FIELD"), "{stderr}");
    let (code, stdout, stderr) = run(&[
        "sign",
        "--key",
        &key,
        "--suite",
        "eddsa-jcs-2022",
        "--allow-nonconformant",
        bad_path,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let signed: Value = serde_json::from_str(&stdout).unwrap();
    verify_signature(&signed, &BuiltinResolver, &VerifyOptions::new(Utc::now())).unwrap();
}

#[test]
fn sign_with_each_suite_then_verify_with_the_library() {
    let dir = temp_dir("sign-suites");
    let key = key_file(&dir, SEED, "key.json");
    let credential = issued_by(
        &dir,
        "jsonld-credentials/ob3-unsigned.json",
        &did_of(&key),
        "credential.json",
    );
    let now = Utc.with_ymd_and_hms(2025, 1, 2, 0, 0, 0).unwrap();
    for (name, cryptosuite, proof_type) in [
        (
            "eddsa-rdfc-2022",
            Some("eddsa-rdfc-2022"),
            "DataIntegrityProof",
        ),
        (
            "eddsa-jcs-2022",
            Some("eddsa-jcs-2022"),
            "DataIntegrityProof",
        ),
        ("ed25519-2020", None, "Ed25519Signature2020"),
    ] {
        let (code, stdout, stderr) = run(&[
            "sign",
            "--key",
            &key,
            "--suite",
            name,
            "--created",
            "2025-01-01T00:00:00Z",
            &credential,
        ]);
        assert_eq!(code, 0, "{name}: {stderr}");
        let signed: Value = serde_json::from_str(&stdout).unwrap();
        let proof = &signed["proof"][0];
        assert_eq!(proof["type"], proof_type);
        assert_eq!(proof["cryptosuite"].as_str(), cryptosuite);
        assert_eq!(proof["created"], "2025-01-01T00:00:00Z");
        verify_signature(&signed, &BuiltinResolver, &VerifyOptions::new(now))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut tampered = signed.clone();
        tampered["credentialSubject"]["id"] = "did:example:someone-else".into();
        assert!(verify_signature(&tampered, &BuiltinResolver, &VerifyOptions::new(now)).is_err());
    }
    // Default suite: eddsa-rdfc-2022.
    let (code, stdout, _) = run(&["sign", "--key", &key, &credential]);
    assert_eq!(code, 0);
    let signed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(signed["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");
}

#[test]
fn sign_rejects_bad_input_with_exit_2() {
    let dir = temp_dir("sign-bad");
    let key = key_file(&dir, SEED, "key.json");
    let credential = fixture("jsonld-credentials/ob3-unsigned.json");
    let missing = dir.join("missing.json");
    let (code, _, stderr) = run(&["sign", "--key", &key, missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.json"), "{stderr}");
    let (code, _, stderr) = run(&["sign", "--key", &credential, &credential]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a key file"), "{stderr}");
    // P-256 (and RSA) keys sign JWTs only.
    let p256 = fixture("jwt/p256-private.jwk.json");
    let (code, _, stderr) = run(&["sign", "--key", &p256, &credential]);
    assert_eq!(code, 2);
    assert!(stderr.contains("Ed25519"), "{stderr}");
    let (code, _, _) = run(&["sign", "--key", &key, "--created", "yesterday", &credential]);
    assert_eq!(code, 2);
}

#[test]
fn sign_jwt_with_each_algorithm() {
    let dir = temp_dir("sign-jwt");
    let key = key_file(&dir, SEED, "key.json");
    // `1EdTechJsonSchemaValidator2019` (its credentialSchema type) is defined by the OB
    // extensions context only; without it the type is not a term (VC 2.0 §4.5).
    let credential_path = issued_by(&dir, "jwt/credential-v2.json", &did_of(&key), "c.json");
    let mut with_extensions: Value =
        serde_json::from_slice(&std::fs::read(&credential_path).unwrap()).unwrap();
    with_extensions["@context"]
        .as_array_mut()
        .unwrap()
        .push("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json".into());
    std::fs::write(&credential_path, with_extensions.to_string()).unwrap();
    let credential: Value =
        serde_json::from_slice(&std::fs::read(&credential_path).unwrap()).unwrap();
    let options =
        jwt::VerifyOptions::default().at(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap());

    // EdDSA with the keygen key file: kid = its did:key verification method.
    let (code, token, stderr) = run(&[
        "sign",
        "--key",
        &key,
        "--format",
        "jwt",
        "--alg",
        "EdDSA",
        &credential_path,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let verified = jwt::verify(token.trim(), &BuiltinResolver, &options).unwrap();
    assert_eq!(verified.credential, credential);
    assert_eq!(verified.algorithm, jwt::Algorithm::EdDsa);

    // ES256 from a private JWK: pure Rust, in every build.
    let (code, token, stderr) = run(&[
        "sign",
        "--key",
        &fixture("jwt/p256-private.jwk.json"),
        "--format",
        "jwt",
        &credential_path,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let jwk: Value =
        serde_json::from_slice(&std::fs::read(fixture("jwt/p256-private.jwk.json")).unwrap())
            .unwrap();
    let public = jwt::SigningKey::from_jwk(&jwk)
        .unwrap()
        .verifying_key()
        .unwrap();
    let verified = jwt::verify_with_key(token.trim(), &public, &options).unwrap();
    assert_eq!(verified.algorithm, jwt::Algorithm::Es256);

    #[cfg(not(feature = "jose"))]
    {
        // PEM files are read through OpenSSL: the build says which feature they need.
        let (code, _, stderr) = run(&[
            "sign",
            "--key",
            &fixture("jwt/p256-private.pem"),
            "--format",
            "jwt",
            &credential_path,
        ]);
        assert_eq!(code, 2);
        assert!(stderr.contains("--features jose"), "{stderr}");
    }

    #[cfg(feature = "jose")]
    for (alg, private, public) in [
        ("RS256", "jwt/rsa2048-private.pem", "jwt/rsa2048-public.pem"),
        ("ES256", "jwt/p256-private.pem", "jwt/p256-public.pem"),
    ] {
        let (code, token, stderr) = run(&[
            "sign",
            "--key",
            &fixture(private),
            "--format",
            "jwt",
            "--alg",
            alg,
            &credential_path,
        ]);
        assert_eq!(code, 0, "{alg}: {stderr}");
        let public = jwt::VerifyingKey::from_pem(&std::fs::read(fixture(public)).unwrap()).unwrap();
        let verified = jwt::verify_with_key(token.trim(), &public, &options).unwrap();
        assert_eq!(verified.credential, credential, "{alg}");
        assert_eq!(verified.algorithm.as_str(), alg);
        // Another key does not verify it.
        let other = jwt::VerifyingKey::from_pem(
            &std::fs::read(fixture("jwt/rsa2048-other-public.pem")).unwrap(),
        )
        .unwrap();
        assert!(jwt::verify_with_key(token.trim(), &other, &options).is_err());
    }

    // --alg must match the key.
    let (code, _, stderr) = run(&[
        "sign",
        "--key",
        &fixture("jwt/p256-private.jwk.json"),
        "--format",
        "jwt",
        "--alg",
        "RS256",
        &credential_path,
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("does not match"), "{stderr}");
}

#[test]
fn canonicalize_matches_the_published_canonical_documents() {
    for (input, expected) in [
        (
            "jsonld-credentials/ob3-unsigned.json",
            "jsonld-credentials/ob3-document-canon.nq",
        ),
        (
            "jsonld-credentials/clr2-unsigned.json",
            "jsonld-credentials/clr2-document-canon.nq",
        ),
        (
            "jsonld-credentials/ob3-proofConfig.json",
            "jsonld-credentials/ob3-proof-canon.nq",
        ),
    ] {
        let (code, stdout, stderr) = run(&["canonicalize", &fixture(input)]);
        assert_eq!(code, 0, "{input}: {stderr}");
        assert_eq!(
            stdout,
            std::fs::read_to_string(fixture(expected)).unwrap(),
            "{input}"
        );
    }
}

#[test]
fn canonicalize_reports_errors() {
    let (code, stdout, stderr) = run(&["canonicalize", &fixture("cli/undefined-term.json")]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("/credentialSubject/nickname"), "{stderr}");
    // Lenient mode drops the term, as a non-safe processor would.
    let (code, stdout, _) = run(&[
        "canonicalize",
        "--lenient",
        &fixture("cli/undefined-term.json"),
    ]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("nickname") && stdout.contains("did:example:subject"));

    let dir = temp_dir("canon-bad");
    let not_json = dir.join("not.json");
    std::fs::write(&not_json, "{ nope").unwrap();
    let (code, _, stderr) = run(&["canonicalize", not_json.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not.json"), "{stderr}");
    let (code, _, _) = run(&["canonicalize", dir.join("missing.json").to_str().unwrap()]);
    assert_eq!(code, 2);
}

#[test]
fn a_private_jwk_file_is_a_key_file_too() {
    let dir = temp_dir("sign-jwk");
    let (_, stdout, _) = run(&["keygen", "--seed", SEED]);
    let key: Value = serde_json::from_str(&stdout).unwrap();
    let jwk_path = dir.join("private.jwk");
    std::fs::write(&jwk_path, key["privateKeyJwk"].to_string()).unwrap();
    let credential = issued_by(
        &dir,
        "jsonld-credentials/ob3-unsigned.json",
        key["did"].as_str().unwrap(),
        "credential.json",
    );
    let (code, stdout, stderr) = run(&[
        "sign",
        "--key",
        jwk_path.to_str().unwrap(),
        "--suite",
        "eddsa-jcs-2022",
        &credential,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let signed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        signed["proof"][0]["verificationMethod"],
        key["verificationMethod"]
    );
    let now = Utc::now();
    verify_signature(&signed, &BuiltinResolver, &VerifyOptions::new(now)).unwrap();
}

/// A school on did:web: `keygen --controller --did-document` writes the `did.json` it serves;
/// a badge signed with the key file verifies offline with that document, and with another
/// key's document it does not.
#[test]
fn keygen_writes_the_did_document_a_did_web_school_serves() {
    let dir = temp_dir("keygen-did-document");
    let did = "did:web:school.example";
    let document = dir.join("did.json");
    let document_path = document.to_str().unwrap();
    let (code, stdout, stderr) = run(&[
        "keygen",
        "--seed",
        SEED,
        "--controller",
        did,
        "--did-document",
        document_path,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let key: Value = serde_json::from_str(&stdout).unwrap();
    let published: Value = serde_json::from_slice(&std::fs::read(&document).unwrap()).unwrap();
    assert_eq!(published["id"], did);
    assert_eq!(
        published["verificationMethod"][0]["id"],
        key["verificationMethod"]
    );
    assert_eq!(
        published["verificationMethod"][0]["publicKeyMultibase"],
        key["publicKeyMultibase"]
    );
    assert_eq!(published["assertionMethod"][0], key["verificationMethod"]);

    let key_path = dir.join("key.json");
    std::fs::write(&key_path, &stdout).unwrap();
    let unsigned = issued_by(
        &dir,
        "jsonld-credentials/ob3-unsigned.json",
        did,
        "badge.json",
    );
    let (code, signed, stderr) = run(&["sign", "--key", key_path.to_str().unwrap(), &unsigned]);
    assert_eq!(code, 0, "{stderr}");
    let signed_path = dir.join("signed.json");
    std::fs::write(&signed_path, &signed).unwrap();
    let signed_path = signed_path.to_str().unwrap();
    let (code, report, _) = run(&["verify", "--did-document", document_path, signed_path]);
    let report: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["outcome"], "VERIFIED");

    // Another key's document under the same DID does not verify the badge.
    let other = dir.join("other-did.json");
    let (code, _, stderr) = run(&[
        "keygen",
        "--controller",
        did,
        "--did-document",
        other.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let (code, report, _) = run(&[
        "verify",
        "--did-document",
        other.to_str().unwrap(),
        signed_path,
    ]);
    assert_eq!(code, 1, "{report}");

    // Without --controller there is no DID document to write, and nothing is written.
    let orphan = dir.join("orphan.json");
    let (code, _, stderr) = run(&["keygen", "--did-document", orphan.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--controller"), "{stderr}");
    assert!(!orphan.exists());
}
