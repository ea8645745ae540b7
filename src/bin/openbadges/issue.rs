//! `openbadges issue`: build, validate, sign (and optionally attach a status entry and bake) an
//! awarded credential in one step.
//!
//! With `--seed` and `--now` the output is byte-identical on every run: the credential id is
//! `urn:uuid:` of SHA-256(seed ‖ "openbadges:credential-id") (version/variant bits set as for a
//! v4 UUID) and the email salt is the hex of the first 8 bytes of SHA-256(seed ‖
//! "openbadges:salt"). Ed25519 signatures are deterministic, so the proof is too.

use std::path::PathBuf;

use clap::Args;
use openbadges::issuer::{IssueError, IssueOptions, Issued, Issuer};
use openbadges::model::{
    Achievement, AchievementCredential, Evidence, IdentifierTypeEnum, IdentityObject, Profile,
    Result as AchievementResult, ResultDescription,
};
use openbadges::status::StatusList;
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
        required_unless_present_any = ["recipient_id", "roster"]
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
    /// A PNG or SVG to bake the signed credential into (with -o, or with --roster).
    #[arg(long, value_name = "IMAGE")]
    bake: Option<PathBuf>,
    /// Where to write the baked image.
    #[arg(short = 'o', long = "output", value_name = "OUT", requires = "bake")]
    output: Option<PathBuf>,
    #[command(flatten)]
    contexts: ContextArgs,
    /// One credential per row of this CSV file (columns: row_id, recipient_email or
    /// recipient_id, recipient_name, valid_until, evidence, result:<criterion>), written into
    /// --out-dir as <row_id>.json (or baked with --bake). Every row is checked before anything
    /// is written.
    #[arg(
        long,
        value_name = "FILE.csv",
        requires = "out_dir",
        conflicts_with_all = ["recipient_email", "recipient_id", "results", "evidence", "output"]
    )]
    roster: Option<PathBuf>,
    /// Where --roster writes the credentials (created if missing).
    #[arg(long, value_name = "DIR", requires = "roster")]
    out_dir: Option<PathBuf>,
}

/// SHA-256(seed ‖ label).
pub(crate) fn derive(seed: &[u8], label: &str) -> [u8; 32] {
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

/// The achievement's result descriptions (rubric criteria).
fn criteria(achievement: &Achievement) -> Vec<&ResultDescription> {
    achievement
        .result_description
        .iter()
        .flat_map(|d| d.iter())
        .collect()
}

/// The criterion named `criterion` (its id or name).
pub(crate) fn find_criterion<'a>(
    achievement: &'a Achievement,
    criterion: &str,
) -> Option<&'a ResultDescription> {
    criteria(achievement)
        .into_iter()
        .find(|d| d.id == criterion || d.name.as_str() == criterion)
}

/// Why `criterion` is not one of the achievement's, with the criteria it has.
pub(crate) fn unknown_criterion(achievement: &Achievement) -> String {
    let criteria: Vec<String> = criteria(achievement)
        .iter()
        .map(|d| format!("`{}` ({})", d.name.as_str(), d.id))
        .collect();
    format!(
        "unknown criterion; the achievement's criteria: {}",
        if criteria.is_empty() {
            "none".to_owned()
        } else {
            criteria.join(", ")
        }
    )
}

/// The result for `level` (a level's id, name or `level`) of `description`, or why there is none.
pub(crate) fn level_result(
    description: &ResultDescription,
    criterion: &str,
    level: &str,
) -> Result<AchievementResult, String> {
    let levels = || {
        description
            .rubric_criterion_level
            .iter()
            .flat_map(|l| l.iter())
    };
    if let Some(found) = levels()
        .find(|l| l.id == level || l.name.as_str() == level || l.level.as_deref() == Some(level))
    {
        return Ok(AchievementResult::rubric_level(
            description.id.clone(),
            found.id.clone(),
        ));
    }
    let names: Vec<String> = levels()
        .map(|l| format!("`{}` ({})", l.name.as_str(), l.id))
        .collect();
    Err(format!(
        "criterion `{criterion}` has no such level; its levels: {}",
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    ))
}

/// Resolves `CRITERION=LEVEL` against the achievement's rubric: tries every `=` split, so ids
/// containing `=` still work.
fn rubric_result(achievement: &Achievement, spec: &str) -> Result<AchievementResult, CliError> {
    let mut level_error = None;
    for (at, _) in spec.match_indices('=') {
        let (criterion, level) = (&spec[..at], &spec[at + 1..]);
        let Some(description) = find_criterion(achievement, criterion) else {
            continue;
        };
        match level_result(description, criterion, level) {
            Ok(result) => return Ok(result),
            Err(message) => level_error = Some(message),
        }
    }
    let message = match level_error {
        Some(message) => message,
        None if !spec.contains('=') => "expected CRITERION=LEVEL".to_owned(),
        None => unknown_criterion(achievement),
    };
    Err(CliError::usage(format!("--result `{spec}`: {message}")))
}

/// Who one credential is for and what it says beyond the achievement: from the flags, or from
/// one roster row.
pub(crate) struct AwardSpec {
    /// `credentialSubject.id`, else the email (hashed).
    pub(crate) recipient: Recipient,
    /// A plain `name` identity of the recipient.
    pub(crate) recipient_name: Option<String>,
    /// `validUntil`.
    pub(crate) valid_until: Option<chrono::DateTime<chrono::Utc>>,
    /// Rubric results.
    pub(crate) results: Vec<AchievementResult>,
    /// Evidence URLs.
    pub(crate) evidence: Vec<String>,
    /// Seed of the credential id and salt.
    pub(crate) seed: Option<Vec<u8>>,
}

/// The recipient of one credential.
pub(crate) enum Recipient {
    /// An email address (stored salted and hashed).
    Email(String),
    /// A DID or URL.
    Id(String),
}

/// What every credential of one `issue` run shares.
pub(crate) struct IssueRun {
    pub(crate) achievement: Achievement,
    pub(crate) issuer: Issuer,
    pub(crate) profile: Profile,
    pub(crate) now: chrono::DateTime<chrono::Utc>,
    pub(crate) suite: openbadges::Suite,
    pub(crate) allow_below_required: bool,
    pub(crate) image: Option<Vec<u8>>,
}

impl IssueRun {
    /// Reads the achievement, key, contexts and image the arguments name.
    fn from_args(args: &IssueArgs) -> Result<Self, CliError> {
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
        let (keypair, method) =
            LoadedKey::read(&args.issuer_key)?.into_ed25519(&args.issuer_key)?;
        let issuer = Issuer::new(keypair, method).with_documents(&args.contexts.store()?);
        let mut profile = Profile::builder().id(issuer.did());
        if let Some(name) = &args.issuer_name {
            profile = profile.name(name.as_str());
        }
        let profile = profile
            .build()
            .map_err(|e| CliError::usage(format!("issuer profile: {e}")))?;
        let image = match &args.bake {
            Some(path) => Some(
                std::fs::read(path)
                    .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?,
            ),
            None => None,
        };
        Ok(IssueRun {
            achievement,
            issuer,
            profile,
            now,
            suite: args.suite.suite(),
            allow_below_required: args.allow_below_required,
            image,
        })
    }

    /// Builds, validates, signs (and bakes) one credential, allocating its status entry from
    /// `status` when given.
    pub(crate) fn issue(
        &self,
        spec: &AwardSpec,
        status: Option<(&mut StatusList, &str)>,
    ) -> Result<Issued, CliError> {
        let mut award = AchievementCredential::builder()
            .issuer(self.profile.clone())
            .achievement(self.achievement.clone())
            .valid_from(self.now)
            .awarded_date(self.now);
        if let Some(seed) = &spec.seed {
            award = award.id(seeded_uuid(seed, "openbadges:credential-id"));
        }
        award = match (&spec.recipient, &spec.seed) {
            (Recipient::Email(email), Some(seed)) => {
                award.recipient_email_with_salt(email, seeded_salt(seed))
            }
            (Recipient::Email(email), None) => award.recipient_email(email),
            (Recipient::Id(id), _) => award.recipient_id(id),
        };
        if let Some(name) = &spec.recipient_name {
            award = award.recipient_identity(IdentityObject::plain(
                IdentifierTypeEnum::Name,
                name.as_str(),
            ));
        }
        if let Some(until) = spec.valid_until {
            award = award.valid_until(until);
        }
        for result in &spec.results {
            award = award.result(result.clone());
        }
        for url in &spec.evidence {
            award = award.evidence(Evidence::new().with_id(url));
        }
        let mut options =
            IssueOptions::new(self.suite, self.now).allow_below_required(self.allow_below_required);
        if let Some((list, url)) = status {
            options = options.with_status_list(list, url);
        }
        if let Some(image) = &self.image {
            options = options.bake_into(image);
        }
        self.issuer.issue(award, options).map_err(|e| match e {
            IssueError::Build(_) | IssueError::Invalid { .. } => {
                CliError::failed(format!("the credential is not valid: {e}"))
            }
            IssueError::BelowRequiredLevel { .. } => CliError::failed(format!(
                "refusing to issue: {e} (--allow-below-required issues it anyway)"
            )),
            other => CliError::failed(format!("cannot issue: {other}")),
        })
    }
}

pub(crate) fn run(args: &IssueArgs) -> Result<(), CliError> {
    if args.bake.is_some() && args.output.is_none() && args.roster.is_none() {
        return Err(CliError::usage(
            "--bake IMAGE needs -o OUT (or --roster with --out-dir)",
        ));
    }
    let seed = match &args.seed {
        Some(hex) => Some(parse_hex(hex).map_err(|e| CliError::usage(format!("--seed: {e}")))?),
        None => None,
    };
    let issue = IssueRun::from_args(args)?;
    let mut status = match &args.status_list {
        Some(path) => Some((path, ListFile::read(path)?)),
        None => None,
    };
    if let (Some(roster), Some(out_dir)) = (&args.roster, &args.out_dir) {
        let list = status
            .as_mut()
            .map(|(_, (file, list))| (list, file.url.as_str()));
        let written = super::roster::run(&issue, roster, out_dir, seed.as_deref(), list)?;
        if let Some((path, (mut file, list))) = status {
            file.save(path, &list)?;
        }
        return print_json(&serde_json::json!({
            "issued": written,
            "out_dir": out_dir.to_string_lossy(),
        }));
    }
    let results = args
        .results
        .iter()
        .map(|spec| rubric_result(&issue.achievement, spec))
        .collect::<Result<Vec<_>, _>>()?;
    let recipient = match (&args.recipient_email, &args.recipient_id) {
        (Some(email), _) => Recipient::Email(email.clone()),
        (None, Some(id)) => Recipient::Id(id.clone()),
        (None, None) => {
            return Err(CliError::usage(
                "--recipient-email or --recipient-id is required",
            ));
        }
    };
    let spec = AwardSpec {
        recipient,
        recipient_name: None,
        valid_until: None,
        results,
        evidence: args.evidence.clone(),
        seed,
    };
    let issued = issue.issue(
        &spec,
        status
            .as_mut()
            .map(|(_, (file, list))| (list, file.url.as_str())),
    )?;
    if let Some((path, (mut file, list))) = status {
        file.save(path, &list)?;
    }
    if let (Some(baked), Some(output)) = (&issued.baked, &args.output) {
        write_atomically(output, baked)?;
    }
    let credential: &Value = &issued.credential;
    print_json(credential)
}
