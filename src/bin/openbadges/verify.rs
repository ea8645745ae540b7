//! `openbadges verify`: verify a shared badge offline and print the report.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Args;
use openbadges::json::{self, JsonLimits};
use openbadges::verify::{ExpectedRecipient, Outcome, Verifier, VerifyOptions};
use serde_json::Value;

/// Arguments of `openbadges verify`.
#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The badge: credential JSON, a compact VC-JWT, or a baked PNG or SVG.
    file: PathBuf,
    /// Verification time (RFC 3339); default: the system clock.
    #[arg(long)]
    now: Option<String>,
    /// A DID document, or the controller document of an `https:` verification method; registered
    /// under its `id`. Repeatable.
    #[arg(long = "did-document", value_name = "FILE")]
    did_documents: Vec<PathBuf>,
    /// A status list credential (or 1EdTechRevocationList document), registered under URL, or
    /// under its own `id` when no `URL=` is given. Repeatable.
    #[arg(long = "status-list", value_name = "[URL=]FILE")]
    status_lists: Vec<String>,
    /// The expected recipient: an email address (matched against hashed identifiers) or a
    /// DID/URL (matched against credentialSubject.id).
    #[arg(long)]
    recipient: Option<String>,
    /// Treat a status that cannot be checked (list not supplied) as a warning.
    #[arg(long)]
    allow_unchecked_status: bool,
    /// For a presentation: the challenge it must answer.
    #[arg(long)]
    challenge: Option<String>,
    /// For a presentation: the domain it must be for.
    #[arg(long)]
    domain: Option<String>,
}

/// Runs the subcommand; returns the exit status (0 verified, 1 not verified, 2 unreadable).
pub(crate) fn run(args: &VerifyArgs) -> u8 {
    match build(args) {
        Ok((verifier, bytes)) => {
            if openbadges::verify::classify(&bytes) != openbadges::verify::Submission::Credential {
                let (challenge, domain) = (args.challenge.as_deref(), args.domain.as_deref());
                return super::present::verify(&verifier, &bytes, challenge, domain);
            }
            let report = verifier.verify(&bytes);
            super::print_json(&report.to_json());
            match report.outcome() {
                Outcome::Verified => super::EXIT_VALID,
                Outcome::Unreadable => super::EXIT_UNREADABLE,
                _ => super::EXIT_INVALID,
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            super::EXIT_UNREADABLE
        }
    }
}

fn build(args: &VerifyArgs) -> Result<(Verifier, Vec<u8>), String> {
    let now = match &args.now {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map_err(|e| format!("--now `{text}` is not an RFC 3339 date-time: {e}"))?
            .with_timezone(&Utc),
        None => Utc::now(),
    };
    let mut options = VerifyOptions::new(now).allow_unchecked_status(args.allow_unchecked_status);
    if let Some(recipient) = &args.recipient {
        let is_identifier = recipient.starts_with("did:") || recipient.contains("://");
        options = options.with_recipient(if is_identifier {
            ExpectedRecipient::Id(recipient.clone())
        } else {
            ExpectedRecipient::Email(recipient.clone())
        });
    }
    let bytes = read(&args.file, options.max_input_bytes)?;
    let mut verifier = Verifier::new(options);
    for path in &args.did_documents {
        verifier
            .add_controller_document(read_json(path)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for spec in &args.status_lists {
        match spec.split_once('=') {
            Some((url, file)) if url.contains(':') => {
                verifier.add_status_list(url, read_json(Path::new(file))?);
            }
            _ => {
                verifier
                    .add_status_list_credential(read_json(Path::new(spec))?)
                    .map_err(|e| format!("{spec}: {e}"))?;
            }
        }
    }
    Ok((verifier, bytes))
}

/// Reads at most `limit` + 1 bytes, so the verifier can report an oversized file.
fn read(path: &Path, limit: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    file.take(cap)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(bytes)
}

fn read_json(path: &Path) -> Result<Value, String> {
    let limits = JsonLimits::default();
    let bytes = read(path, limits.max_bytes)?;
    json::parse(&bytes, &limits).map_err(|e| format!("{}: {e}", path.display()))
}
