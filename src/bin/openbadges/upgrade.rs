//! `openbadges upgrade`: an Open Badges 2.0 assertion, verified, as an unsigned OB 3.0
//! credential, for platforms migrating their badges (sign it with `openbadges sign`).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;
use openbadges::ob2;
use openbadges::verify::{Outcome, Verifier, VerifyOptions};

use super::documents::{DocumentArgs, read};
use super::support::{CliError, print_json_or_exit};

/// Arguments of `openbadges upgrade`.
#[derive(Args)]
pub(crate) struct UpgradeArgs {
    /// The OB 2.0 assertion: its JSON, its compact JWS, its URL, or a baked PNG or SVG.
    file: PathBuf,
    /// Verification time (RFC 3339); default: the system clock.
    #[arg(long)]
    now: Option<String>,
    #[command(flatten)]
    documents: DocumentArgs,
    /// Treat a revocation list that was not supplied as a warning.
    #[arg(long)]
    allow_unchecked_status: bool,
}

/// Prints the OB 3.0 credential (exit 0); when the assertion does not verify, prints the
/// verification report to standard error and exits 1 (2 when it cannot be read).
pub(crate) fn run(args: &UpgradeArgs) -> u8 {
    let built = build(args);
    let (verifier, bytes) = match built {
        Ok(built) => built,
        Err(error) => {
            eprintln!("error: {}", error.message);
            return error.code;
        }
    };
    match verifier.verify_ob2(&bytes).into_verified() {
        Ok(verified) => print_json_or_exit(&ob2::upgrade(&verified).to_json(), super::EXIT_VALID),
        Err(report) => {
            eprintln!(
                "error: not upgraded, the assertion does not verify: {}",
                report.summary()
            );
            let json = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
            eprintln!("{json}");
            match report.outcome() {
                Outcome::Unreadable => super::EXIT_UNREADABLE,
                _ => super::EXIT_INVALID,
            }
        }
    }
}

fn build(args: &UpgradeArgs) -> Result<(Verifier, Vec<u8>), CliError> {
    let now = match &args.now {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map_err(|e| {
                CliError::usage(format!("--now `{text}` is not an RFC 3339 date-time: {e}"))
            })?
            .with_timezone(&Utc),
        None => Utc::now(),
    };
    let options = VerifyOptions::new(now).allow_unchecked_status(args.allow_unchecked_status);
    let bytes = read(&args.file, options.max_input_bytes)?;
    let verifier = args.documents.apply(Verifier::new(options))?;
    Ok((verifier, bytes))
}
