//! One failing example per validation rule, asserting its code and JSON Pointer.

use openbadges::validate::{self, ProblemCode, Severity, ValidationReport};
use serde_json::{Value, json};

/// A valid credential exercising the rubric, identity and endorsement parts of the model.
fn valid() -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:11111111-1111-4111-8111-111111111111",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:web:district.example", "type": ["Profile"], "name": "District",
                   "url": "https://district.example"},
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2030-01-01T00:00:00Z",
        "name": "Feedback",
        "credentialSubject": {
            "id": "did:example:teacher",
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject", "hashed": true, "salt": "Kosher", "identityType": "emailAddress",
                "identityHash": "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
            }],
            "achievement": {
                "id": "https://district.example/a/feedback",
                "type": ["Achievement"],
                "name": "Feedback That Moves Learning",
                "description": "Timely, specific feedback.",
                "criteria": {"narrative": "Two artifacts scored on the rubric."},
                "achievementType": "MicroCredential",
                "image": {"id": "https://district.example/badge.png", "type": "Image"},
                "alignment": [{"type": ["Alignment"], "targetName": "Std 4.2",
                               "targetUrl": "https://standards.example/4.2", "targetType": "CFItem"}],
                "resultDescription": [
                    {"id": "urn:rd:timely", "type": ["ResultDescription"], "name": "Timely",
                     "resultType": "RubricCriterionLevel", "requiredLevel": "urn:lvl:timely:2",
                     "rubricCriterionLevel": [
                        {"id": "urn:lvl:timely:1", "type": ["RubricCriterionLevel"], "name": "Developing"},
                        {"id": "urn:lvl:timely:2", "type": ["RubricCriterionLevel"], "name": "Demonstrated"}]},
                    {"id": "urn:rd:status", "type": ["ResultDescription"], "name": "Status", "resultType": "Status"}
                ]
            },
            "result": [
                {"type": ["Result"], "resultDescription": "urn:rd:timely", "achievedLevel": "urn:lvl:timely:2"},
                {"type": ["Result"], "resultDescription": "urn:rd:status", "status": "Completed"}
            ]
        },
        "evidence": [{"type": ["Evidence"], "id": "https://district.example/e/1", "name": "Lesson"}],
        "endorsement": [{
            "@context": ["https://www.w3.org/ns/credentials/v2",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:22222222-2222-4222-8222-222222222222",
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "issuer": "did:web:state.example",
            "validFrom": "2025-01-01T00:00:00Z",
            "name": "State endorsement",
            "credentialSubject": {"id": "https://district.example/a/feedback", "type": ["EndorsementSubject"]}
        }],
        "endorsementJwt": ["eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"],
        "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                  "proofPurpose": "assertionMethod", "created": "2025-01-01T00:00:00Z",
                  "verificationMethod": "did:web:district.example#key-1", "proofValue": "z3abc"}
    })
}

/// Applies `change` to the valid credential and returns the report.
fn check(change: impl FnOnce(&mut Value)) -> ValidationReport {
    let mut v = valid();
    change(&mut v);
    validate::credential(&v)
}

fn obj<'a>(v: &'a mut Value, pointer: &str) -> &'a mut serde_json::Map<String, Value> {
    v.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {pointer}"))
}

#[track_caller]
fn assert_problem(report: &ValidationReport, code: ProblemCode, pointer: &str) {
    assert!(
        report.has(code, pointer),
        "expected {code} at {pointer:?}, got {:#}",
        report.to_json()
    );
}

#[test]
fn the_base_credential_is_valid_without_warnings() {
    let report = validate::credential(&valid());
    assert!(report.is_valid(), "{:#}", report.to_json());
    assert!(report.problems().is_empty(), "{:#}", report.to_json());
}

#[test]
fn not_object() {
    let report = validate::credential(&json!([1]));
    assert_problem(&report, ProblemCode::NotObject, "");
    assert_problem(
        &check(|v| v["credentialSubject"]["achievement"]["image"] = json!("x")),
        ProblemCode::NotObject,
        "/credentialSubject/achievement/image",
    );
}

#[test]
fn missing_fields() {
    for (parent, key) in [
        ("", "issuer"),
        ("", "id"),
        ("", "validFrom"),
        ("", "credentialSubject"),
        ("/credentialSubject", "achievement"),
        ("/credentialSubject/achievement", "criteria"),
        ("/credentialSubject/achievement", "name"),
        (
            "/credentialSubject/achievement/resultDescription/0",
            "resultType",
        ),
        ("/credentialSubject/achievement/alignment/0", "targetUrl"),
        ("/credentialSubject/identifier/0", "hashed"),
        ("/endorsement/0", "name"),
        ("/proof", "type"),
    ] {
        let report = check(|v| {
            obj(v, parent).remove(key);
        });
        assert_problem(
            &report,
            ProblemCode::MissingField,
            &format!("{parent}/{key}"),
        );
        assert!(!report.is_valid());
    }
}

#[test]
fn null_values_and_empty_arrays() {
    let report = check(|v| {
        v["name"] = Value::Null;
        v["credentialSubject"]["achievement"]["tag"] = json!([]);
        v["custom/ext"] = json!({"a~b": null});
    });
    assert_problem(&report, ProblemCode::NullValue, "/name");
    assert_problem(
        &report,
        ProblemCode::EmptyArray,
        "/credentialSubject/achievement/tag",
    );
    // RFC 6901 escaping of `/` and `~`.
    assert_problem(&report, ProblemCode::NullValue, "/custom~1ext/a~0b");
}

#[test]
fn wrong_json_types() {
    let report = check(|v| {
        v["name"] = json!(5);
        v["credentialSubject"]["identifier"][0]["hashed"] = json!("yes");
        v["credentialSubject"]["achievement"]["creditsAvailable"] = json!("1");
        v["type"] = json!(["VerifiableCredential", 7]);
    });
    assert_problem(&report, ProblemCode::WrongType, "/name");
    assert_problem(
        &report,
        ProblemCode::WrongType,
        "/credentialSubject/identifier/0/hashed",
    );
    assert_problem(
        &report,
        ProblemCode::WrongType,
        "/credentialSubject/achievement/creditsAvailable",
    );
    assert_problem(&report, ProblemCode::WrongType, "/type");
}

#[test]
fn cardinality() {
    let report = check(|v| {
        let subject = v["credentialSubject"].take();
        v["credentialSubject"] = json!([subject]);
        let evidence = v["evidence"][0].take();
        v["evidence"] = evidence;
    });
    assert_problem(&report, ProblemCode::Cardinality, "/credentialSubject");
    assert_problem(&report, ProblemCode::Cardinality, "/evidence");
    // The array's content is still checked.
    assert!(!report.has(
        ProblemCode::MissingField,
        "/credentialSubject/0/achievement"
    ));
}

#[test]
fn context_rules() {
    assert_problem(
        &check(|v| v["@context"][0] = json!("https://example.org/ctx")),
        ProblemCode::BadContext,
        "/@context/0",
    );
    assert_problem(
        &check(|v| {
            v["@context"][1] = json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.json")
        }),
        ProblemCode::BadContext,
        "/@context/1",
    );
    assert_problem(
        &check(|v| v["@context"] = json!("https://www.w3.org/ns/credentials/v2")),
        ProblemCode::BadContext,
        "/@context",
    );
    let short = check(|v| v["@context"] = json!(["https://www.w3.org/ns/credentials/v2"]));
    assert_problem(&short, ProblemCode::BadContext, "/@context");
    assert_problem(
        &check(|v| v["@context"].as_array_mut().unwrap().push(json!(42))),
        ProblemCode::BadContext,
        "/@context/2",
    );
    // Order matters: OB first is wrong twice.
    let swapped = check(|v| {
        let c = v["@context"].as_array_mut().unwrap();
        c.swap(0, 1);
    });
    assert_problem(&swapped, ProblemCode::BadContext, "/@context/0");
    assert_problem(&swapped, ProblemCode::BadContext, "/@context/1");
    // The OB 3.0.0 and 3.0.1 contexts redefine `name` and `description`, terms the VC 2.0
    // context protects: JSON-LD processing (hence RDF signing and verifying) fails.
    for clash in ["context.json", "context-3.0.1.json"] {
        let r = check(|v| {
            v["@context"][1] = json!(format!("https://purl.imsglobal.org/spec/ob/v3p0/{clash}"))
        });
        assert_problem(&r, ProblemCode::TermRedefined, "/@context");
    }
    // Later OB context versions stay valid.
    // (The embedded endorsement follows: two protected OB contexts of different versions in
    // one document define `Achievement` differently, also a redefinition.)
    for ok in ["context-3.0.2.json", "context-3.0.3.json"] {
        let r = check(|v| {
            let url = json!(format!("https://purl.imsglobal.org/spec/ob/v3p0/{ok}"));
            v["@context"][1] = url.clone();
            v["endorsement"][0]["@context"][1] = url;
        });
        assert!(r.is_valid(), "{ok}: {:#}", r.to_json());
    }
}

#[test]
fn vc_1_1_credentials_use_issuance_and_expiration_dates() {
    let v11 = |v: &mut Value| {
        v["@context"][0] = json!("https://www.w3.org/2018/credentials/v1");
        let m = v.as_object_mut().unwrap();
        let from = m.remove("validFrom").unwrap();
        let until = m.remove("validUntil").unwrap();
        m.insert("issuanceDate".into(), from);
        m.insert("expirationDate".into(), until);
        // The embedded endorsement is a VC 2.0 credential: inside a VC 1.1 document its context
        // would redefine terms the 1.1 context protects (a JSON-LD error, VC_TERM_REDEFINED).
        m.remove("endorsement");
    };
    let report = check(v11);
    assert!(report.is_valid(), "{:#}", report.to_json());
    let report = check(|v| {
        v11(v);
        v.as_object_mut().unwrap().remove("issuanceDate");
    });
    assert_problem(&report, ProblemCode::MissingField, "/issuanceDate");
    let report = check(|v| {
        v11(v);
        v.as_object_mut().unwrap().remove("name");
    });
    assert_problem(&report, ProblemCode::MissingField, "/name");
    // A VC 2.0 credential may leave `name` out.
    assert!(
        check(|v| {
            v.as_object_mut().unwrap().remove("name");
        })
        .is_valid()
    );
}

#[test]
fn type_rules() {
    assert_problem(
        &check(|v| v["type"] = json!(["VerifiableCredential"])),
        ProblemCode::BadType,
        "/type",
    );
    assert_problem(
        &check(|v| v["type"] = json!("OpenBadgeCredential")),
        ProblemCode::BadType,
        "/type",
    );
    assert!(
        check(|v| v["type"] = json!(["AchievementCredential", "VerifiableCredential"])).is_valid()
    );
    assert_problem(
        &check(|v| v["issuer"]["type"] = json!(["Organization"])),
        ProblemCode::BadType,
        "/issuer/type",
    );
    assert_problem(
        &check(|v| v["credentialSubject"]["achievement"]["image"]["type"] = json!(["Image"])),
        ProblemCode::BadType,
        "/credentialSubject/achievement/image/type",
    );
    assert_problem(
        &check(|v| v["credentialSubject"]["result"][0]["type"] = json!(["Outcome"])),
        ProblemCode::BadType,
        "/credentialSubject/result/0/type",
    );
    assert_problem(
        &check(|v| v["endorsement"][0]["credentialSubject"]["type"] = json!("Subject")),
        ProblemCode::BadType,
        "/endorsement/0/credentialSubject/type",
    );
}

#[test]
fn dates() {
    let report = check(|v| {
        v["validFrom"] = json!("2025-01-01");
        v["awardedDate"] = json!("2025-01-01T00:00:00");
        v["proof"]["created"] = json!("yesterday");
    });
    assert_problem(&report, ProblemCode::BadDate, "/validFrom");
    assert_problem(&report, ProblemCode::BadDate, "/awardedDate");
    assert_problem(&report, ProblemCode::BadDate, "/proof/created");
    assert_problem(
        &check(|v| v["validUntil"] = json!("2024-12-31T23:59:59Z")),
        ProblemCode::DateOrder,
        "/validUntil",
    );
    // Same instant in another zone is not "before".
    assert!(check(|v| v["validUntil"] = json!("2025-01-01T01:00:00+01:00")).is_valid());
}

#[test]
fn uris_and_urls() {
    let report = check(|v| {
        v["id"] = json!("not a uri");
        v["credentialSubject"]["achievement"]["alignment"][0]["targetUrl"] =
            json!("did:example:123");
        v["issuer"]["url"] = json!("/relative");
        v["credentialSubject"]["result"][0]["achievedLevel"] = json!("level two");
    });
    assert_problem(&report, ProblemCode::BadUri, "/id");
    assert_problem(
        &report,
        ProblemCode::BadUri,
        "/credentialSubject/achievement/alignment/0/targetUrl",
    );
    assert_problem(&report, ProblemCode::BadUri, "/issuer/url");
    assert_problem(
        &report,
        ProblemCode::BadUri,
        "/credentialSubject/result/0/achievedLevel",
    );
    // DIDs, URNs and data URIs are URIs.
    assert!(
        check(|v| v["credentialSubject"]["achievement"]["image"]["id"] =
            json!("data:image/png;base64,AAAA"))
        .is_valid()
    );
}

#[test]
fn subject_needs_id_or_identifier() {
    let report = check(|v| {
        let s = obj(v, "/credentialSubject");
        s.remove("id");
        s.remove("identifier");
    });
    assert_problem(&report, ProblemCode::MissingRecipient, "/credentialSubject");
    assert!(
        check(|v| {
            obj(v, "/credentialSubject").remove("id");
        })
        .is_valid()
    );
}

#[test]
fn results_reference_the_rubric() {
    let report = check(|v| {
        v["credentialSubject"]["result"][0]["resultDescription"] = json!("urn:rd:unknown")
    });
    assert_problem(
        &report,
        ProblemCode::InvalidResultReference,
        "/credentialSubject/result/0/resultDescription",
    );
    let report =
        check(|v| v["credentialSubject"]["result"][0]["achievedLevel"] = json!("urn:lvl:other:9"));
    assert_problem(
        &report,
        ProblemCode::InvalidAchievedLevel,
        "/credentialSubject/result/0/achievedLevel",
    );
    let report = check(|v| {
        obj(v, "/credentialSubject/result/1").remove("status");
    });
    assert_problem(
        &report,
        ProblemCode::MissingResultStatus,
        "/credentialSubject/result/1",
    );
    let report = check(|v| {
        v["credentialSubject"]["achievement"]["resultDescription"][0]["requiredLevel"] =
            json!("urn:lvl:timely:3")
    });
    assert_problem(
        &report,
        ProblemCode::InvalidRequiredLevel,
        "/credentialSubject/achievement/resultDescription/0/requiredLevel",
    );
}

#[test]
fn identity_hash_format() {
    for bad in [
        "sha256$xyz",
        "sha1$0000000000000000000000000000000000000000",
        "plain@example.org",
    ] {
        let report =
            check(|v| v["credentialSubject"]["identifier"][0]["identityHash"] = json!(bad));
        assert_problem(
            &report,
            ProblemCode::BadIdentityHash,
            "/credentialSubject/identifier/0/identityHash",
        );
    }
    // md5 and upper-case hex are allowed; an unhashed identity is plaintext.
    assert!(
        check(
            |v| v["credentialSubject"]["identifier"][0]["identityHash"] =
                json!("md5$0123456789ABCDEF0123456789abcdef")
        )
        .is_valid()
    );
    assert!(
        check(|v| {
            v["credentialSubject"]["identifier"][0]["hashed"] = json!(false);
            v["credentialSubject"]["identifier"][0]["identityHash"] = json!("teacher@example.org");
        })
        .is_valid()
    );
}

#[test]
fn enumerations() {
    let report = check(|v| {
        v["credentialSubject"]["achievement"]["achievementType"] = json!("Trophy");
        v["credentialSubject"]["identifier"][0]["identityType"] = json!("ext:bad value");
        v["credentialSubject"]["result"][1]["status"] = json!("Done");
        v["credentialSubject"]["achievement"]["resultDescription"][0]["resultType"] =
            json!("Score");
        v["credentialSubject"]["achievement"]["alignment"][0]["targetType"] = json!("ext:");
    });
    for pointer in [
        "/credentialSubject/achievement/achievementType",
        "/credentialSubject/identifier/0/identityType",
        "/credentialSubject/result/1/status",
        "/credentialSubject/achievement/resultDescription/0/resultType",
        "/credentialSubject/achievement/alignment/0/targetType",
    ] {
        assert_problem(&report, ProblemCode::BadEnum, pointer);
    }
    // Extensions are fine; ResultStatusType is closed.
    assert!(
        check(
            |v| v["credentialSubject"]["achievement"]["achievementType"] =
                json!("ext:DistrictMicroCredential")
        )
        .is_valid()
    );
    assert_problem(
        &check(|v| v["credentialSubject"]["result"][1]["status"] = json!("ext:Done")),
        ProblemCode::BadEnum,
        "/credentialSubject/result/1/status",
    );
}

#[test]
fn closed_classes_reject_extra_properties() {
    let report = check(|v| {
        v["credentialSubject"]["achievement"]["image"]["width"] = json!(100);
        v["credentialSubject"]["identifier"][0]["note"] = json!("x");
    });
    assert_problem(
        &report,
        ProblemCode::UnknownProperty,
        "/credentialSubject/achievement/image/width",
    );
    assert_problem(
        &report,
        ProblemCode::UnknownProperty,
        "/credentialSubject/identifier/0/note",
    );
    // Language value objects (VC 2.0 `name`/`description`) allow only @value/@language/@direction.
    let report = check(|v| {
        v["name"] = json!([{"@value": "Retroalimentación", "@language": "es", "@direction": "ltr"},
                           {"@value": "Feedback", "@language": "en", "extra": "x"}]);
        v["description"] = json!({"@language": "en"});
    });
    assert_problem(&report, ProblemCode::UnknownProperty, "/name/1/extra");
    assert_problem(&report, ProblemCode::WrongType, "/description");
    assert_eq!(report.errors().count(), 2, "{:#}", report.to_json());
    // Open classes keep extensions.
    assert!(
        check(|v| v["credentialSubject"]["achievement"]["x-district-code"] = json!("PD-7"))
            .is_valid()
    );
}

#[test]
fn endorsement_jwt_must_be_compact_jws() {
    assert_problem(
        &check(|v| v["endorsementJwt"][0] = json!("not-a-jws")),
        ProblemCode::BadJws,
        "/endorsementJwt/0",
    );
}

#[test]
fn warnings_do_not_invalidate() {
    let report = check(|v| {
        v["credentialSubject"]["achievement"]["criteria"] = json!({});
        v["proof"]["proofPurpose"] = json!("authentication");
    });
    assert!(report.is_valid(), "{:#}", report.to_json());
    assert_problem(
        &report,
        ProblemCode::EmptyCriteria,
        "/credentialSubject/achievement/criteria",
    );
    assert_problem(&report, ProblemCode::ProofPurpose, "/proof/proofPurpose");
    assert!(report.warnings().all(|p| p.severity == Severity::Warning));
    assert_eq!(report.warnings().count(), 2);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let report = validate::credential(&json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": "VerifiableCredential",
        "validFrom": "soon",
        "credentialSubject": {"type": "AchievementSubject", "achievement": {"type": "Achievement"}}
    }));
    for (code, pointer) in [
        (ProblemCode::BadContext, "/@context"),
        (ProblemCode::MissingField, "/id"),
        (ProblemCode::BadType, "/type"),
        (ProblemCode::MissingField, "/issuer"),
        (ProblemCode::BadDate, "/validFrom"),
        (ProblemCode::MissingRecipient, "/credentialSubject"),
        (
            ProblemCode::MissingField,
            "/credentialSubject/achievement/id",
        ),
        (
            ProblemCode::MissingField,
            "/credentialSubject/achievement/name",
        ),
        (
            ProblemCode::MissingField,
            "/credentialSubject/achievement/description",
        ),
        (
            ProblemCode::MissingField,
            "/credentialSubject/achievement/criteria",
        ),
    ] {
        assert_problem(&report, code, pointer);
    }
    assert!(report.errors().count() >= 10);
}

#[test]
fn standalone_endorsement_credentials() {
    let endorsement = valid()["endorsement"][0].clone();
    assert!(validate::credential(&endorsement).is_valid());
    let mut bad = endorsement.clone();
    obj(&mut bad, "/credentialSubject").remove("id");
    bad.as_object_mut().unwrap().remove("name");
    let report = validate::endorsement_credential(&bad);
    assert_problem(&report, ProblemCode::MissingField, "/credentialSubject/id");
    assert_problem(&report, ProblemCode::MissingField, "/name");
}

#[test]
fn report_json_shape() {
    let report = check(|v| v["validFrom"] = json!("2025"));
    let json = report.to_json();
    assert_eq!(json["valid"], false);
    assert_eq!(json["problems"][0]["code"], "OB_BAD_DATE");
    assert_eq!(json["problems"][0]["severity"], "error");
    assert_eq!(json["problems"][0]["pointer"], "/validFrom");
    assert!(
        json["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2025")
    );
}

#[test]
fn official_1edtech_vectors_are_valid() {
    let load = |name: &str| -> Value {
        let path = format!("{}/fixtures/credentials/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    };
    let mut checked = 0;
    for name in [
        "ob3-spec__obv3p0__signed.json",
        "ob3-spec__obv3p0__unsigned.json",
    ] {
        let report = validate::credential(&load(name));
        assert!(
            report.problems().is_empty(),
            "{name}: {:#}",
            report.to_json()
        );
        checked += 1;
    }
    // The AchievementCredentials nested in the 1EdTech CLR 2.0 vector.
    let clr = load("ob3-spec__clrv2p0__signed.json");
    for (i, vc) in clr["credentialSubject"]["verifiableCredential"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let report = validate::credential(vc);
        assert!(
            report.is_valid(),
            "CLR credential {i}: {:#}",
            report.to_json()
        );
        checked += 1;
    }
    assert!(checked >= 3);
}

#[test]
fn a_result_below_the_required_level_is_a_warning() {
    let below = check(|v| {
        v["credentialSubject"]["result"][0]["achievedLevel"] = json!("urn:lvl:timely:1");
    });
    assert!(below.is_valid(), "{:#}", below.to_json());
    assert_problem(
        &below,
        ProblemCode::BelowRequiredLevel,
        "/credentialSubject/result/0/achievedLevel",
    );
    assert_eq!(below.warnings().count(), 1);
    assert_eq!(
        ProblemCode::BelowRequiredLevel.as_str(),
        "OB_BELOW_REQUIRED_LEVEL"
    );
    // At the required level (the base credential): no warning. Ranked by points when every
    // level has them (the assess rule), so a reordered rubric with points still ranks right.
    assert_eq!(check(|_| {}).warnings().count(), 0);
    let by_points = check(|v| {
        let levels = &mut v["credentialSubject"]["achievement"]["resultDescription"][0]["rubricCriterionLevel"];
        levels[0]["points"] = json!("5");
        levels[1]["points"] = json!("1");
        v["credentialSubject"]["result"][0]["achievedLevel"] = json!("urn:lvl:timely:1");
    });
    assert_eq!(by_points.warnings().count(), 0, "{:#}", by_points.to_json());
}

#[test]
fn the_vc_layer_alone_checks_plain_w3c_credentials() {
    let plain = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:subject"},
    });
    assert!(validate::verifiable_credential(&plain).is_valid());
    // The OB layer adds its own requirements on top.
    let ob = validate::credential(&plain);
    assert_problem(&ob, ProblemCode::MissingField, "/id");
    assert_problem(&ob, ProblemCode::MissingField, "/validFrom");
    assert_problem(&ob, ProblemCode::BadContext, "/@context");
    // One rule, one report: a null issuer is reported once, not by both layers.
    let mut null_issuer = valid();
    null_issuer["issuer"] = Value::Null;
    let report = validate::credential(&null_issuer);
    let at_issuer: Vec<_> = report
        .problems()
        .iter()
        .filter(|p| p.pointer == "/issuer")
        .collect();
    assert_eq!(at_issuer.len(), 1, "{:#}", report.to_json());
    assert_eq!(at_issuer[0].code, ProblemCode::NullValue);
}

#[test]
fn related_resources_need_unique_ids_and_matching_digests() {
    let mut credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:subject"},
        "relatedResource": [
            // sha256("foo") as SRI and as a multibase (base64url) multihash.
            {"id": "https://example.org/a", "digestSRI": "sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564="},
            {"id": "https://example.org/b", "digestMultibase": "uEiAsJrRraP_Gj_mbRTwdMEE0E0ItcGSDv6D5il6IYmbnrg"}
        ]
    });
    assert!(validate::verifiable_credential(&credential).is_valid());
    let mut resources = validate::RelatedResources::new();
    resources.insert("https://example.org/a", b"foo".to_vec());
    resources.insert("https://example.org/b", b"foo".to_vec());
    assert!(validate::verifiable_credential_with_resources(&credential, &resources).is_valid());
    resources.insert("https://example.org/b", b"changed".to_vec());
    let report = validate::verifiable_credential_with_resources(&credential, &resources);
    assert_eq!(report.problems().len(), 1, "{:#}", report.to_json());
    assert_problem(
        &report,
        ProblemCode::DigestMismatch,
        "/relatedResource/1/digestMultibase",
    );

    credential["relatedResource"] = json!([
        "https://example.org/a",
        {"digestSRI": "sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564="},
        {"id": "https://example.org/c"},
        {"id": "https://example.org/d", "digestSRI": "md5-rL0Y20zC+Fzt72VPzMSk2A=="},
        {"id": "https://example.org/d", "digestMultibase": "uEiAsJrRraP_Gj_mbRTwdMEE0E0ItcGSDv6D5il6IYmbnrg"}
    ]);
    let report = validate::verifiable_credential(&credential);
    assert_problem(&report, ProblemCode::RelatedResource, "/relatedResource/0");
    assert_problem(&report, ProblemCode::MissingField, "/relatedResource/1/id");
    assert_problem(&report, ProblemCode::RelatedResource, "/relatedResource/2");
    assert_problem(
        &report,
        ProblemCode::RelatedResource,
        "/relatedResource/3/digestSRI",
    );
    assert_problem(&report, ProblemCode::DuplicateId, "/relatedResource/4/id");
    assert_eq!(report.problems().len(), 5, "{:#}", report.to_json());
}
