//! `openbadges needs`: what a badge refers to that is neither bundled nor supplied, so a caller
//! can fetch exactly those documents (into a `--documents` folder, say) and verify offline.

use std::path::PathBuf;

use clap::Args;
use openbadges::verify::{Verifier, VerifyOptions};

use super::documents::{DocumentArgs, read};
use super::support::print_json_or_exit;

/// Arguments of `openbadges needs`.
#[derive(Args)]
pub(crate) struct NeedsArgs {
    /// The badge: credential JSON, a compact VC-JWT, or a baked PNG or SVG; or an Open Badges
    /// 2.0 assertion (JSON, compact JWS, URL, baked PNG or SVG).
    file: PathBuf,
    #[command(flatten)]
    documents: DocumentArgs,
}

/// Prints `{"contexts": […], "controllers": […], "status_lists": […]}`; exit 0 when nothing is
/// missing, 1 when something is, 2 when the input or a document cannot be read.
pub(crate) fn run(args: &NeedsArgs) -> u8 {
    // Only the input limits matter here; the time is never read.
    let options = VerifyOptions::new(chrono::DateTime::UNIX_EPOCH);
    let built = read(&args.file, options.max_input_bytes).and_then(|bytes| {
        let verifier = args.documents.apply(Verifier::new(options))?;
        Ok((verifier, bytes))
    });
    let (verifier, bytes) = match built {
        Ok(built) => built,
        Err(error) => {
            eprintln!("error: {}", error.message);
            return error.code;
        }
    };
    let needs = verifier.needs(&bytes);
    let code = if let Some(reason) = &needs.unreadable {
        eprintln!("error: {}: {reason}", args.file.display());
        super::EXIT_UNREADABLE
    } else if needs.is_empty() {
        super::EXIT_VALID
    } else {
        super::EXIT_INVALID
    };
    print_json_or_exit(&needs.to_json(), code)
}
