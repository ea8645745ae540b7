//! `openbadges present`: a holder presents badges, bound to herself, answering a verifier's
//! challenge; and the presentation side of `openbadges verify`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use openbadges::present::{Holder, PresentOptions, PresentedCredential};
use openbadges::verify::{PresentationOptions, PresentationOutcome, Verifier};

use super::keygen::LoadedKey;
use super::sign::SuiteName;
use super::support::{CliError, parse_time, print_json, print_json_or_exit, print_out};

/// `--format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
enum Format {
    /// JSON with a Data Integrity proof (purpose authentication, challenge, domain).
    #[default]
    #[value(name = "di")]
    DataIntegrity,
    /// A VP-JWT (EdDSA, `nonce` = challenge, `aud` = domain).
    Jwt,
}

/// Arguments of `openbadges present`.
#[derive(Args)]
pub(crate) struct PresentArgs {
    /// The holder's key file (openbadges keygen output, or a private Ed25519 JWK).
    #[arg(long, value_name = "FILE")]
    holder_key: PathBuf,
    /// The verifier's challenge.
    #[arg(long)]
    challenge: String,
    /// The verifier's domain.
    #[arg(long)]
    domain: String,
    /// Output: JSON with a Data Integrity proof (`di`) or a VP-JWT (`jwt`).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Data Integrity cryptosuite.
    #[arg(long, value_enum, default_value_t)]
    suite: SuiteName,
    /// Proof `created` (JWT: `iat`), RFC 3339. Default: now.
    #[arg(long, value_name = "RFC3339")]
    created: Option<String>,
    /// The badges: credential JSON, compact VC-JWTs, or baked PNG/SVG images.
    #[arg(required = true, value_name = "BADGE")]
    badges: Vec<PathBuf>,
}

pub(crate) fn run(args: &PresentArgs) -> Result<(), CliError> {
    let created = match &args.created {
        Some(text) => parse_time(text)?,
        None => chrono::Utc::now(),
    };
    let (keypair, method) = LoadedKey::read(&args.holder_key)?.into_ed25519(&args.holder_key)?;
    let holder = Holder::new(keypair, method);
    let mut credentials = Vec::with_capacity(args.badges.len());
    for path in &args.badges {
        let bytes = std::fs::read(path)
            .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
        let credential = PresentedCredential::from_bytes(&bytes)
            .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?;
        credentials.push(credential);
    }
    let options = PresentOptions::new(args.challenge.as_str(), args.domain.as_str(), created)
        .suite(args.suite.suite());
    let refused = |e| CliError::failed(format!("cannot present: {e}"));
    match args.format {
        Format::DataIntegrity => {
            let presentation = holder.present(&credentials, &options).map_err(refused)?;
            print_json(&presentation)?;
        }
        Format::Jwt => {
            let token = holder
                .present_jwt(&credentials, &options)
                .map_err(refused)?;
            print_out(&format!("{token}\n"))?;
        }
    }
    Ok(())
}

/// `openbadges verify` of a presentation (or an Open Badges API response): prints the
/// presentation report, each credential's report inside; 0 only when the presentation and every
/// credential verified, 2 unreadable, 1 otherwise.
pub(crate) fn verify(
    verifier: &Verifier,
    bytes: &[u8],
    challenge: Option<&str>,
    domain: Option<&str>,
) -> u8 {
    let mut expected = PresentationOptions::new();
    if let Some(challenge) = challenge {
        expected = expected.challenge(challenge);
    }
    if let Some(domain) = domain {
        expected = expected.domain(domain);
    }
    let report = verifier.verify_presentation(bytes, &expected);
    let code = match report.outcome() {
        PresentationOutcome::Verified => super::EXIT_VALID,
        PresentationOutcome::Unreadable => super::EXIT_UNREADABLE,
        _ => super::EXIT_INVALID,
    };
    print_json_or_exit(&report.to_json(), code)
}
