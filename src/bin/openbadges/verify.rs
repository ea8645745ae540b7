//! `openbadges verify`: verify a shared badge offline and print the report.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;
use openbadges::verify::{ExpectedRecipient, Outcome, Verifier, VerifyOptions};

use super::documents::{DocumentArgs, read};
use super::support::{CliError, print_json_or_exit};

/// Arguments of `openbadges verify`.
#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The badge: credential JSON, a compact VC-JWT, or a baked PNG or SVG.
    file: PathBuf,
    /// Verification time (RFC 3339); default: the system clock.
    #[arg(long)]
    now: Option<String>,
    #[command(flatten)]
    documents: DocumentArgs,
    /// The expected recipient: an email address (matched against hashed identifiers) or a
    /// DID/URL (matched against credentialSubject.id).
    #[arg(long)]
    recipient: Option<String>,
    /// Treat a status that cannot be checked (list not supplied) as a warning.
    #[arg(long)]
    allow_unchecked_status: bool,
    /// Conformance problems (Open Badges 3.0 data-model rules) fail verification instead of
    /// being warnings: check your own issuing with it.
    #[arg(long)]
    strict: bool,
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
            let code = match report.outcome() {
                Outcome::Verified => super::EXIT_VALID,
                Outcome::Unreadable => super::EXIT_UNREADABLE,
                _ => super::EXIT_INVALID,
            };
            print_json_or_exit(&report.to_json(), code)
        }
        Err(error) => {
            eprintln!("error: {}", error.message);
            error.code
        }
    }
}

fn build(args: &VerifyArgs) -> Result<(Verifier, Vec<u8>), CliError> {
    let now = match &args.now {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map_err(|e| {
                CliError::usage(format!("--now `{text}` is not an RFC 3339 date-time: {e}"))
            })?
            .with_timezone(&Utc),
        None => Utc::now(),
    };
    let mut options = VerifyOptions::new(now).allow_unchecked_status(args.allow_unchecked_status);
    if args.strict {
        options = options.strict();
    }
    if let Some(recipient) = &args.recipient {
        let is_identifier = recipient.starts_with("did:") || recipient.contains("://");
        options = options.with_recipient(if is_identifier {
            ExpectedRecipient::Id(recipient.clone())
        } else {
            ExpectedRecipient::Email(recipient.clone())
        });
    }
    let bytes = read(&args.file, options.max_input_bytes)?;
    let verifier = args.documents.apply(Verifier::new(options))?;
    Ok((verifier, bytes))
}
