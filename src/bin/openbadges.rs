//! `openbadges`: command-line access to the library (feature `cli`).
//!
//! Each subcommand is one function over the library; the binary holds no logic the library lacks.
//! Exit codes: 0 success / valid, 1 the input is readable but not valid, 2 the input could not be
//! read or parsed (missing file, not JSON, duplicate keys, too deep or too large).
#![forbid(unsafe_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[path = "openbadges/bake.rs"]
mod bake;
#[path = "openbadges/canonicalize.rs"]
mod canonicalize;
#[path = "openbadges/documents.rs"]
mod documents;
#[cfg(feature = "fetch")]
#[path = "openbadges/fetch.rs"]
mod fetch;
#[path = "openbadges/issue.rs"]
mod issue;
#[path = "openbadges/keygen.rs"]
mod keygen;
#[path = "openbadges/needs.rs"]
mod needs;
#[path = "openbadges/present.rs"]
mod present;
#[path = "openbadges/roster.rs"]
mod roster;
#[path = "openbadges/sign.rs"]
mod sign;
#[path = "openbadges/status_list.rs"]
mod status_list;
#[path = "openbadges/support.rs"]
mod support;
#[path = "openbadges/upgrade.rs"]
mod upgrade;
#[path = "openbadges/verify.rs"]
mod verify;
#[path = "openbadges/verify_many.rs"]
mod verify_many;

use clap::{Args, Parser, Subcommand};
use openbadges::json::{self, JsonError, JsonLimits};
use openbadges::validate;
use serde_json::{Value, json};

#[derive(Parser)]
#[command(
    name = "openbadges",
    version,
    about = "Open Badges 3.0: validate, issue, sign, bake and verify credentials"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a credential (OpenBadgeCredential or EndorsementCredential) against the OB 3.0 rules;
    /// prints a JSON report {"valid": bool, "problems": [...]}.
    Validate(ValidateArgs),
    /// Verify a badge (JSON, VC-JWT, baked PNG or SVG; or an Open Badges 2.0 assertion: JSON,
    /// JWS, URL, baked PNG or SVG) or a presentation offline; prints the verification report.
    /// Exit 0 verified, 1 not verified, 2 unreadable.
    Verify(verify::VerifyArgs),
    /// List the documents a badge refers to that are neither bundled nor supplied (contexts,
    /// DID/controller documents, status lists; for OB 2.0 the hosted assertion, BadgeClass,
    /// issuer, keys and revocation list): fetch those, then verify offline. Exit 0 nothing
    /// missing, 1 something missing, 2 unreadable.
    Needs(needs::NeedsArgs),
    /// Download what badges need (DID documents by the did:web rules, controller documents,
    /// status lists, contexts not bundled) into the folder `verify --documents DIR` reads:
    /// HTTPS only, with size, redirect and time limits. One line per document; exit 0 when
    /// every needed document was fetched, 1 when one was not, 2 unreadable input or folder.
    #[cfg(feature = "fetch")]
    Fetch(fetch::FetchArgs),
    /// Present badges (JSON, JWT or baked images) as a holder: a signed presentation answering a
    /// verifier's challenge and domain (--format jwt: a VP-JWT).
    Present(present::PresentArgs),
    /// Bake a credential (JSON or compact JWT) into a PNG or SVG image.
    Bake(bake::BakeArgs),
    /// Print the credential or JWT (or the OB 2.0 assertion JSON, JWS or URL) baked into a PNG
    /// or SVG image; `--json` says which format it found.
    Unbake(bake::UnbakeArgs),
    /// Generate an Ed25519 key; prints the key file JSON (did:key, verification method, keys).
    Keygen(keygen::KeygenArgs),
    /// Sign a credential (Data Integrity proof, or VC-JWT with --format jwt).
    Sign(sign::SignArgs),
    /// Print the canonical N-Quads (JSON-LD toRdf + RDFC-1.0) of a JSON-LD document.
    Canonicalize(canonicalize::CanonicalizeArgs),
    /// Build, validate, sign (and optionally bake) an awarded credential in one step.
    Issue(Box<issue::IssueArgs>),
    /// Create and maintain a Bitstring Status List file.
    #[command(subcommand)]
    StatusList(status_list::StatusListCommand),
    /// Upgrade a verified Open Badges 2.0 assertion (JSON, JWS, URL, baked PNG or SVG) to an
    /// unsigned Open Badges 3.0 credential, printed as JSON; refuses one that does not verify.
    Upgrade(upgrade::UpgradeArgs),
}

/// Limits on untrusted JSON input, shared by every subcommand that reads a credential.
#[derive(Args)]
struct InputLimits {
    /// Largest accepted input in bytes.
    #[arg(long, default_value_t = JsonLimits::DEFAULT_MAX_BYTES)]
    max_bytes: usize,
    /// Deepest accepted JSON nesting.
    #[arg(long, default_value_t = JsonLimits::DEFAULT_MAX_DEPTH)]
    max_depth: usize,
}

impl InputLimits {
    fn limits(&self) -> JsonLimits {
        JsonLimits {
            max_bytes: self.max_bytes,
            max_depth: self.max_depth,
        }
    }
}

#[derive(Args)]
struct ValidateArgs {
    /// The credential JSON file.
    file: PathBuf,
    #[command(flatten)]
    limits: InputLimits,
}

/// Exit statuses.
const EXIT_VALID: u8 = 0;
const EXIT_INVALID: u8 = 1;
const EXIT_UNREADABLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Validate(args) => validate_command(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Needs(args) => needs::run(&args),
        #[cfg(feature = "fetch")]
        Command::Fetch(args) => fetch::run(&args),
        Command::Bake(args) => bake::bake_command(&args),
        Command::Unbake(args) => bake::unbake_command(&args),
        Command::Keygen(args) => support::finish(keygen::run(&args)),
        Command::Sign(args) => support::finish(sign::run(&args)),
        Command::Present(args) => support::finish(present::run(&args)),
        Command::Canonicalize(args) => support::finish(canonicalize::run(&args)),
        Command::Issue(args) => support::finish(issue::run(&args)),
        Command::StatusList(command) => support::finish(status_list::run(&command)),
        Command::Upgrade(args) => upgrade::run(&args),
    };
    ExitCode::from(code)
}

fn validate_command(args: &ValidateArgs) -> u8 {
    let value = match read_json(&args.file, &args.limits.limits()) {
        Ok(value) => value,
        Err(failure) => return failure.report(),
    };
    let report = validate::credential(&value);
    let code = if report.is_valid() {
        EXIT_VALID
    } else {
        EXIT_INVALID
    };
    support::print_json_or_exit(&report.to_json(), code)
}

/// Why an input file could not be turned into JSON.
struct InputFailure {
    code: &'static str,
    message: String,
    details: Value,
}

impl InputFailure {
    /// Prints the message on stderr and a JSON report on stdout; returns the exit status.
    fn report(self) -> u8 {
        eprintln!("error: {}", self.message);
        let mut error = json!({"code": self.code, "message": self.message});
        if let (Some(e), Value::Object(details)) = (error.as_object_mut(), self.details) {
            e.extend(details);
        }
        support::print_json_or_exit(
            &json!({"valid": false, "error": error, "problems": []}),
            EXIT_UNREADABLE,
        )
    }
}

/// Reads `path` (at most `limits.max_bytes` + 1 bytes, so a huge file is never loaded) and
/// parses it strictly.
fn read_json(path: &Path, limits: &JsonLimits) -> Result<Value, InputFailure> {
    let io_failure = |e: std::io::Error| InputFailure {
        code: "OB_UNREADABLE",
        message: format!("cannot read {}: {e}", path.display()),
        details: json!({}),
    };
    let file = std::fs::File::open(path).map_err(io_failure)?;
    let cap = u64::try_from(limits.max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    file.take(cap).read_to_end(&mut bytes).map_err(io_failure)?;
    json::parse(&bytes, limits).map_err(|e| {
        let (code, details) = match &e {
            JsonError::Syntax {
                line,
                column,
                offset,
                ..
            } => (
                "OB_INVALID_JSON",
                json!({"line": line, "column": column, "offset": offset}),
            ),
            JsonError::DuplicateKey { key, pointer } => {
                ("OB_DUPLICATE_KEY", json!({"key": key, "pointer": pointer}))
            }
            JsonError::TooDeep { limit, pointer } => {
                ("OB_TOO_DEEP", json!({"limit": limit, "pointer": pointer}))
            }
            JsonError::TooLarge { limit, .. } => ("OB_TOO_LARGE", json!({"limit": limit})),
            _ => ("OB_INVALID_JSON", json!({})),
        };
        InputFailure {
            code,
            message: format!("{}: {e}", path.display()),
            details,
        }
    })
}
