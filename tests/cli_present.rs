//! `openbadges present` then `openbadges verify --challenge --domain`: a teacher presents three
//! badges (JSON, VC-JWT, baked PNG) to a district.

mod cli_support;
use cli_support::*;

use chrono::{TimeZone, Utc};
use openbadges::bake::{self, Payload};
use openbadges::issuer::{Issuer, Suite};
use openbadges::keys::Keypair;
use serde_json::{Value, json};

const TEACHER_SEED: &str = "2222222222222222222222222222222222222222222222222222222222222222";
const OTHER_SEED: &str = "6666666666666666666666666666666666666666666666666666666666666666";
const NOW: &str = "2026-03-01T09:00:00Z";

fn badge(issuer: &Issuer, subject: &str, n: u8) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": format!("urn:uuid:3c1d2a39-6f09-4c5b-9a43-5d2d7c7b1e{n:02x}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did(), "type": ["Profile"], "name": "Riverside District"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": format!("Badge {n}"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": subject,
            "achievement": {
                "id": format!("https://district.example/achievements/{n}"),
                "type": ["Achievement"],
                "name": format!("Badge {n}"),
                "description": "Professional learning.",
                "criteria": {"narrative": "Completes the module."}
            }
        }
    })
}

#[test]
fn present_then_verify_against_the_challenge() {
    let dir = temp_dir("present");
    let teacher_key = key_file(&dir, TEACHER_SEED, "teacher.json");
    let teacher: Value = serde_json::from_slice(&std::fs::read(&teacher_key).unwrap()).unwrap();
    let teacher_did = teacher["did"].as_str().unwrap();
    let school = Issuer::did_key(Keypair::from_seed(&[31; 32]));
    let signed_at = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();

    let json_path = dir.join("badge1.json");
    let signed = school
        .sign(
            &badge(&school, teacher_did, 1),
            Suite::EddsaRdfc2022,
            signed_at,
        )
        .unwrap();
    std::fs::write(&json_path, serde_json::to_vec_pretty(&signed).unwrap()).unwrap();
    let jwt_path = dir.join("badge2.jwt");
    let token = school
        .sign_jwt(&badge(&school, teacher_did, 2), signed_at)
        .unwrap();
    std::fs::write(&jwt_path, token).unwrap();
    let png_path = dir.join("badge3.png");
    let signed = school
        .sign(
            &badge(&school, teacher_did, 3),
            Suite::EddsaRdfc2022,
            signed_at,
        )
        .unwrap();
    let image = std::fs::read(fixture("images/palette-8x8.png")).unwrap();
    let baked = bake::bake(&image, &Payload::Json(signed.to_string())).unwrap();
    std::fs::write(&png_path, baked).unwrap();
    let badges = [&json_path, &jwt_path, &png_path].map(|p| p.to_str().unwrap().to_owned());

    for format in ["di", "jwt"] {
        let mut args = vec![
            "present",
            "--holder-key",
            &teacher_key,
            "--challenge",
            "district-42",
            "--domain",
            "https://district.example",
            "--created",
            NOW,
            "--format",
            format,
        ];
        args.extend(badges.iter().map(String::as_str));
        let (code, vp, stderr) = run(&args);
        assert_eq!(code, 0, "{format}: {stderr}");
        let vp_path = dir.join(format!("vp-{format}.txt"));
        std::fs::write(&vp_path, &vp).unwrap();
        let vp_path = vp_path.to_str().unwrap();

        let verify = |challenge: &str, domain: &str| {
            run(&[
                "verify",
                vp_path,
                "--now",
                NOW,
                "--challenge",
                challenge,
                "--domain",
                domain,
            ])
        };
        let (code, report, stderr) = verify("district-42", "https://district.example");
        assert_eq!(code, 0, "{format}: {stderr}{report}");
        let report: Value = serde_json::from_str(&report).unwrap();
        assert_eq!(report["outcome"], "VERIFIED");
        assert_eq!(report["holder"], teacher_did);
        let outcomes: Vec<&Value> = report["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["report"]["outcome"])
            .collect();
        assert_eq!(outcomes, [&json!("VERIFIED"); 3], "{format}");

        let (code, report, _) = verify("replayed", "https://district.example");
        assert_eq!(code, 1, "{format}");
        let report: Value = serde_json::from_str(&report).unwrap();
        assert_eq!(report["outcome"], "WRONG_CHALLENGE");
        let (code, report, _) = verify("district-42", "https://elsewhere.example");
        assert_eq!(code, 1, "{format}");
        let report: Value = serde_json::from_str(&report).unwrap();
        assert_eq!(report["outcome"], "WRONG_DOMAIN");
    }

    // Another holder's key presenting the teacher's badges: the subjects are not her.
    let other_key = key_file(&dir, OTHER_SEED, "other.json");
    let mut args = vec![
        "present",
        "--holder-key",
        &other_key,
        "--challenge",
        "c",
        "--domain",
        "d",
        "--created",
        NOW,
    ];
    args.extend(badges.iter().map(String::as_str));
    let (code, vp, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    let vp_path = dir.join("vp-other.json");
    std::fs::write(&vp_path, vp).unwrap();
    let (code, report, _) = run(&[
        "verify",
        vp_path.to_str().unwrap(),
        "--now",
        NOW,
        "--challenge",
        "c",
        "--domain",
        "d",
    ]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["outcome"], "SUBJECT_NOT_HOLDER");

    // Unreadable: exit 2. A key file is not a badge to present.
    let garbage = dir.join("garbage.txt");
    std::fs::write(&garbage, "not a presentation {").unwrap();
    let (code, _, _) = run(&["verify", garbage.to_str().unwrap(), "--challenge", "c"]);
    assert_eq!(code, 2);
    let (code, _, stderr) = run(&[
        "present",
        "--holder-key",
        &teacher_key,
        "--challenge",
        "c",
        "--domain",
        "d",
        &teacher_key,
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("OB_BAD_TYPE"), "{stderr}");
}
