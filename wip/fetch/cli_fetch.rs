//! `openbadges fetch FILE… --into DIR` (feature `fetch`): download what the badges need
//! (`needs`) into the document folder `verify --documents DIR` reads; verification then runs
//! offline.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::Args;
use openbadges::documents::DocumentStore;
use openbadges::fetch::{FetchLimits, Fetcher};
use openbadges::verify::{Verifier, VerifyOptions};
use serde_json::json;

use super::documents::read;
use super::support::{CliError, print_json};
use super::verify_many::collect_paths;

/// Arguments of `openbadges fetch`.
#[derive(Args)]
pub(crate) struct FetchArgs {
    /// The badges (files, folders, `-` for paths on standard input).
    #[arg(required = true, value_name = "FILE|DIR|-")]
    inputs: Vec<PathBuf>,
    /// The document folder to fill (created if missing); what it already holds is not fetched.
    #[arg(long, value_name = "DIR")]
    into: PathBuf,
    /// Largest accepted response, in bytes.
    #[arg(long, default_value_t = FetchLimits::default().max_bytes)]
    max_bytes: u64,
    /// Seconds allowed per request.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
}

pub(crate) fn run(args: &FetchArgs) -> Result<(), CliError> {
    let paths = collect_paths(&args.inputs)?;
    let options = VerifyOptions::new(chrono::Utc::now());
    let mut verifier = Verifier::new(options.clone());
    if args.into.is_dir() {
        let store = DocumentStore::load_dir(&args.into)
            .map_err(|e| CliError::usage(format!("--into {}: {e}", args.into.display())))?;
        verifier = verifier.with_documents(store);
    }
    let mut wanted = BTreeSet::new();
    for path in &paths {
        let needs = verifier.needs(&read(path, options.max_input_bytes)?);
        if let Some(reason) = &needs.unreadable {
            return Err(CliError::usage(format!("{}: {reason}", path.display())));
        }
        wanted.extend(needs.urls().map(str::to_owned));
    }
    let timeout = std::time::Duration::try_from_secs_f64(args.timeout)
        .map_err(|e| CliError::usage(format!("--timeout {}: {e}", args.timeout)))?;
    let fetcher = Fetcher::new(
        FetchLimits::default()
            .max_bytes(args.max_bytes)
            .timeout(timeout),
    );
    let wanted: Vec<String> = wanted.into_iter().collect();
    let saved = fetcher
        .fetch_into(&wanted, &args.into, chrono::Utc::now())
        .map_err(|e| CliError::failed(format!("fetch: {e}")))?;
    print_json(&json!({
        "fetched": saved
            .iter()
            .map(|f| json!({"url": f.id, "source": f.source, "sha256": f.sha256}))
            .collect::<Vec<_>>(),
        "into": args.into.to_string_lossy(),
    }))
}
