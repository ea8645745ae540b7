//! `openbadges bake` and `openbadges unbake`: put a credential into a PNG or SVG, or take it out.

use std::path::PathBuf;

use clap::Args;
use openbadges::bake::{self, Payload};
use openbadges::json::{self, JsonLimits};

use super::support::print_or_exit;

/// Arguments of `openbadges bake`.
#[derive(Args)]
pub(crate) struct BakeArgs {
    /// The image to bake into (PNG or SVG).
    #[arg(long, value_name = "IN.png|svg")]
    image: PathBuf,
    /// The credential: JSON or a compact JWT.
    #[arg(long, value_name = "FILE")]
    credential: PathBuf,
    /// Where to write the baked image.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: PathBuf,
}

/// Arguments of `openbadges unbake`.
#[derive(Args)]
pub(crate) struct UnbakeArgs {
    /// The baked PNG or SVG.
    file: PathBuf,
}

/// Bakes; exit 0 on success, 1 when the payload is not a credential (a presentation, a key
/// file…), 2 when an input cannot be read or baked into.
pub(crate) fn bake_command(args: &BakeArgs) -> u8 {
    match try_bake(args) {
        Ok(()) => super::EXIT_VALID,
        Err((code, message)) => {
            eprintln!("error: {message}");
            code
        }
    }
}

fn try_bake(args: &BakeArgs) -> Result<(), (u8, String)> {
    bake_payload(args).map_err(|e| match e {
        BakeFailure::NotACredential(message) => (super::EXIT_INVALID, message),
        BakeFailure::Other(message) => (super::EXIT_UNREADABLE, message),
    })
}

enum BakeFailure {
    NotACredential(String),
    Other(String),
}

impl From<String> for BakeFailure {
    fn from(message: String) -> Self {
        BakeFailure::Other(message)
    }
}

fn bake_payload(args: &BakeArgs) -> Result<(), BakeFailure> {
    let read = |path: &PathBuf| {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let image = read(&args.image)?;
    let credential = read(&args.credential)?;
    let text = String::from_utf8(credential)
        .map_err(|_| format!("{} is not UTF-8", args.credential.display()))?;
    let text = text.trim();
    let payload = if text.starts_with('{') {
        // Strict parse first: never bake something a verifier will refuse to read.
        json::parse(text.as_bytes(), &JsonLimits::default())
            .map_err(|e| format!("{}: {e}", args.credential.display()))?;
        Payload::Json(text.to_owned())
    } else {
        Payload::Jwt(text.to_owned())
    };
    let baked = bake::bake(&image, &payload).map_err(|e| match e {
        bake::BakeError::InvalidPayload { .. } => BakeFailure::NotACredential(format!(
            "refusing to bake {}: {e}",
            args.credential.display()
        )),
        other => BakeFailure::Other(format!("cannot bake: {other}")),
    })?;
    std::fs::write(&args.output, baked)
        .map_err(|e| BakeFailure::Other(format!("cannot write {}: {e}", args.output.display())))
}

/// Prints the embedded credential or JWT; exit 0, or 2 when nothing can be extracted.
pub(crate) fn unbake_command(args: &UnbakeArgs) -> u8 {
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.file.display());
            return super::EXIT_UNREADABLE;
        }
    };
    match bake::unbake(&bytes) {
        Ok(unbaked) => print_or_exit(
            &format!("{}\n", unbaked.payload.as_str()),
            super::EXIT_VALID,
        ),
        Err(e) => {
            eprintln!("error: {}: {e}", args.file.display());
            super::EXIT_UNREADABLE
        }
    }
}
