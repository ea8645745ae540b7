//! `openbadges verify`: verify a shared badge offline and print the report — or a whole folder
//! of badges on every core, with a summary, one JSON line or CSV row per badge.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Args;
use openbadges::verify::{ExpectedRecipient, Outcome, Verifier, VerifyOptions};

use super::documents::{DocumentArgs, read};
use super::support::{CliError, print_json_or_exit};

/// Arguments of `openbadges verify`.
#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The badges: credential JSON, compact VC-JWTs, baked PNGs or SVGs, Open Badges 2.0 assertions (or, for a
    /// single file, a presentation); folders (every *.json, *.jwt, *.png and *.svg under them); `-` for paths
    /// read from standard input, one per line.
    #[arg(required = true, value_name = "FILE|DIR|-")]
    inputs: Vec<PathBuf>,
    /// What to print: `report` (the full JSON report; the default for one file), `ndjson` (one
    /// JSON line per badge), `summary` (counts per outcome; the default for several) or `csv`.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Threads verifying at once (default: every core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Keep the baked image (base64) in reports; by default it is left out.
    #[arg(long)]
    with_image: bool,
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

/// Runs the subcommand; returns the exit status (one badge: 0 verified, 1 not verified, 2
/// unreadable; several: 0 only when every one verified, else 1; 2 for unusable arguments).
pub(crate) fn run(args: &VerifyArgs) -> u8 {
    let single = match args.inputs.as_slice() {
        [path] if path.as_os_str() != "-" && !path.is_dir() => Some(path),
        _ => None,
    };
    match (single, args.format) {
        (Some(path), None | Some(Format::Report)) => run_one(args, path),
        _ => super::verify_many::run(args),
    }
}

/// One badge (or presentation), today's full report.
fn run_one(args: &VerifyArgs, file: &Path) -> u8 {
    match build(args).and_then(|(verifier, max)| Ok((verifier, read(file, max)?))) {
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
            let mut json = report.to_json();
            if !args.with_image {
                drop_image_bytes(&mut json);
            }
            print_json_or_exit(&json, code)
        }
        Err(error) => {
            eprintln!("error: {}", error.message);
            error.code
        }
    }
}

/// The verifier the arguments describe, and the largest input it reads.
pub(crate) fn build(args: &VerifyArgs) -> Result<(Verifier, usize), CliError> {
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
    let max = options.max_input_bytes;
    let verifier = args.documents.apply(Verifier::new(options))?;
    Ok((verifier, max))
}

/// Removes the baked image's bytes (`display.image.data_uri`) from a report: a PNG's report
/// would otherwise carry the whole image in base64. Its kind and MIME type stay.
pub(crate) fn drop_image_bytes(report: &mut serde_json::Value) {
    if let Some(image) = report
        .pointer_mut("/display/image")
        .and_then(serde_json::Value::as_object_mut)
    {
        image.remove("data_uri");
    }
}

impl VerifyArgs {
    /// The paths given (files, folders, `-`).
    pub(crate) fn inputs(&self) -> &[PathBuf] {
        &self.inputs
    }

    /// The output format asked for, if any.
    pub(crate) fn format(&self) -> Option<Format> {
        self.format
    }

    /// `--jobs`.
    pub(crate) fn jobs(&self) -> Option<usize> {
        self.jobs
    }

    /// `--with-image`.
    pub(crate) fn with_image(&self) -> bool {
        self.with_image
    }
}

/// Output formats of `verify`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// The full JSON report (several badges: a JSON array of `{"path", "report"}`).
    Report,
    /// One JSON object per line and badge: path, outcome, conformance, failed checks, display.
    Ndjson,
    /// A table of counts per outcome.
    Summary,
    /// One CSV row per badge, with a header.
    Csv,
}
