//! `openbadges issue`: build, validate, sign (and optionally attach a status entry and bake) an
//! awarded credential in one step.
//!
//! With `--seed` and `--now` the output is byte-identical on every run: the credential id is
//! `urn:uuid:` of SHA-256(seed ‖ "openbadges:credential-id") (version/variant bits set as for a
//! v4 UUID) and the email salt is the hex of the first 8 bytes of SHA-256(seed ‖
//! "openbadges:salt"). Ed25519 signatures are deterministic, so the proof is too.

use std::path::PathBuf;

use clap::Args;
use openbadges::issuer::{IssueError, IssueOptions, Issuer};
use openbadges::model::{
    Achievement, AchievementCredential, Evidence, Profile, Result as AchievementResult,
};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::documents::ContextArgs;
use super::keygen::LoadedKey;
use super::sign::SuiteName;
use super::status_list::ListFile;
use super::support::{CliError, parse_hex, parse_time, print_json, read_input, write_atomically};

#[derive(Args)]
pub(crate) struct IssueArgs {
    /// The Achievement JSON the credential awards.
    #[arg(long, value_name = "FILE")]
    achievement: PathBuf,
    /// Key file of the issuer; the issuer id is its controller DID.
    #[arg(long, value_name = "FILE")]
    issuer_key: PathBuf,
    /// The recipient's email (stored salted and hashed).
    #[arg(
        long,
        value_name = "EMAIL",
        conflicts_with = "recipient_id",
        required_unless_present = "recipient_id"
    )]
    recipient_email: Option<String>,
    /// The recipient's id (a DID or URL).
    #[arg(long, value_name = "URI")]
    recipient_id: Option<String>,
    /// A rubric result: criterion (result description id or name) = level (id, name or level).
    #[arg(long = "result", value_name = "CRITERION=LEVEL")]
    results: Vec<String>,
    /// Issue even when a --result level is below its criterion's requiredLevel.
    #[arg(long)]
    allow_below_required: bool,
    /// An evidence URL (repeatable).
    #[arg(long = "evidence", value_name = "URL")]
    evidence: Vec<String>,
    /// Seed (hex) for the credential id and salt: same seed and --now, same bytes.
    #[arg(long, value_name = "HEX")]
    seed: Option<String>,
    /// Issue date (`validFrom`, `awardedDate`, proof `created`), RFC 3339. Default: now.
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// Data Integrity cryptosuite.
    #[arg(long, value_enum, default_value_t)]
    suite: SuiteName,
    /// The issuer's name (in the issuer Profile).
    #[arg(long, value_name = "NAME")]
    issuer_name: Option<String>,
    /// A status list file: an entry is allocated, attached and the file saved.
    #[arg(long, value_name = "LIST.json")]
    status_list: Option<PathBuf>,
    /// A PNG or SVG to bake the signed credential into (with -o).
    #[arg(long, value_name = "IMAGE", requires = "output")]
    bake: Option<PathBuf>,
    /// Where to write the baked image.
    #[arg(short = 'o', long = "output", value_name = "OUT", requires = "bake")]
    output: Option<PathBuf>,
    #[command(flatten)]
    contexts: ContextArgs,
}

/// SHA-256(seed ‖ label).
fn derive(seed: &[u8], label: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(seed);
    hasher.update(label.as_bytes());
    hasher.finalize().into()
}

fn seeded_uuid(seed: &[u8], label: &str) -> String {
    let mut b = derive(seed, label);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b[..16].iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn seeded_salt(seed: &[u8]) -> String {
    derive(seed, "openbadges:salt")[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Resolves `CRITERION=LEVEL` against the achievement's rubric: tries every `=` split, so ids
/// containing `=` still work.
fn rubric_result(achievement: &Achievement, spec: &str) -> Result<AchievementResult, CliError> {
    let descriptions: Vec<_> = achievement
        .result_description
        .iter()
        .flat_map(|d| d.iter())
        .collect();
    let mut known_criterion = None;
    for (at, _) in spec.match_indices('=') {
        let (criterion, level) = (&spec[..at], &spec[at + 1..]);
        let Some(description) = descriptions
            .iter()
            .find(|d| d.id == criterion || d.name.as_str() == criterion)
        else {
            continue;
        };
        known_criterion = Some((criterion, description));
        let found = description
            .rubric_criterion_level
            .iter()
            .flat_map(|l| l.iter())
            .find(|l| {
                l.id == level || l.name.as_str() == level || l.level.as_deref() == Some(level)
            });
        if let Some(found) = found {
            return Ok(AchievementResult::rubric_level(
                description.id.clone(),
                found.id.clone(),
            ));
        }
    }
    Err(CliError::usage(match known_criterion {
        Some((criterion, description)) => {
            let levels: Vec<String> = description
                .rubric_criterion_level
                .iter()
                .flat_map(|l| l.iter())
                .map(|l| format!("`{}` ({})", l.name.as_str(), l.id))
                .collect();
            format!(
                "--result `{spec}`: criterion `{criterion}` has no such level; its levels: {}",
                if levels.is_empty() {
                    "none".to_owned()
                } else {
                    levels.join(", ")
                }
            )
        }
        None if !spec.contains('=') => {
            format!("--result `{spec}`: expected CRITERION=LEVEL")
        }
        None => {
            let criteria: Vec<String> = descriptions
                .iter()
                .map(|d| format!("`{}` ({})", d.name.as_str(), d.id))
                .collect();
            format!(
                "--result `{spec}`: unknown criterion; the achievement's criteria: {}",
                if criteria.is_empty() {
                    "none".to_owned()
                } else {
                    criteria.join(", ")
                }
            )
        }
    }))
}

pub(crate) fn run(args: &IssueArgs) -> Result<(), CliError> {
    let achievement_json = read_input(&args.achievement)?;
    let achievement: Achievement = serde_json::from_value(achievement_json).map_err(|e| {
        CliError::usage(format!(
            "{}: not an OB 3.0 Achievement: {e}",
            args.achievement.display()
        ))
    })?;
    let now = match &args.now {
        Some(text) => parse_time(text)?,
        None => chrono::Utc::now(),
    };
    let seed = match &args.seed {
        Some(hex) => Some(parse_hex(hex).map_err(|e| CliError::usage(format!("--seed: {e}")))?),
        None => None,
    };
    let results = args
        .results
        .iter()
        .map(|spec| rubric_result(&achievement, spec))
        .collect::<Result<Vec<_>, _>>()?;
    let (keypair, method) = LoadedKey::read(&args.issuer_key)?.into_ed25519(&args.issuer_key)?;
    let issuer = Issuer::new(keypair, method).with_documents(&args.contexts.store()?);

    let mut profile = Profile::builder().id(issuer.did());
    if let Some(name) = &args.issuer_name {
        profile = profile.name(name.as_str());
    }
    let profile = profile
        .build()
        .map_err(|e| CliError::usage(format!("issuer profile: {e}")))?;
    let mut award = AchievementCredential::builder()
        .issuer(profile)
        .achievement(achievement)
        .valid_from(now)
        .awarded_date(now);
    if let Some(seed) = &seed {
        award = award.id(seeded_uuid(seed, "openbadges:credential-id"));
    }
    award = match (&args.recipient_email, &args.recipient_id, &seed) {
        (Some(email), _, Some(seed)) => award.recipient_email_with_salt(email, seeded_salt(seed)),
        (Some(email), _, None) => award.recipient_email(email),
        (None, Some(id), _) => award.recipient_id(id),
        (None, None, _) => {
            return Err(CliError::usage(
                "--recipient-email or --recipient-id is required",
            ));
        }
    };
    for result in results {
        award = award.result(result);
    }
    for url in &args.evidence {
        award = award.evidence(Evidence::new().with_id(url));
    }

    let image = match &args.bake {
        Some(path) => Some(
            std::fs::read(path)
                .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let mut status = match &args.status_list {
        Some(path) => Some((path, ListFile::read(path)?)),
        None => None,
    };
    let mut options =
        IssueOptions::new(args.suite.suite(), now).allow_below_required(args.allow_below_required);
    if let Some((_, (file, list))) = &mut status {
        options = options.with_status_list(list, &file.url);
    }
    if let Some(image) = &image {
        options = options.bake_into(image);
    }
    let issued = issuer.issue(award, options).map_err(|e| match e {
        IssueError::Build(_) | IssueError::Invalid { .. } => {
            CliError::failed(format!("the credential is not valid: {e}"))
        }
        IssueError::BelowRequiredLevel { .. } => CliError::failed(format!(
            "refusing to issue: {e} (--allow-below-required issues it anyway)"
        )),
        other => CliError::failed(format!("cannot issue: {other}")),
    })?;
    if let Some((path, (mut file, list))) = status {
        file.save(path, &list)?;
    }
    if let (Some(baked), Some(output)) = (&issued.baked, &args.output) {
        write_atomically(output, baked)?;
    }
    let credential: &Value = &issued.credential;
    print_json(credential)
}
