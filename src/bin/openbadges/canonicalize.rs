//! `openbadges canonicalize`: the canonical N-Quads of a JSON-LD document (JSON-LD toRdf in safe
//! mode over the bundled contexts and those given with `--context`, then RDFC-1.0), the bytes an
//! RDF proof hashes. Diff them to find why a signature does not match.

use std::path::PathBuf;

use clap::Args;
use openbadges::jsonld::Options;
use openbadges::proof::SuiteRegistry;
use openbadges::rdfc::{CanonicalizationOptions, canonicalize_to_string};

use super::documents::ContextArgs;
use super::support::{CliError, print_out, read_input};

#[derive(Args)]
pub(crate) struct CanonicalizeArgs {
    /// Drop what JSON-LD cannot map (undefined terms, relative IRIs) instead of failing, as a
    /// non-safe-mode processor would; signatures never cover what is dropped.
    #[arg(long)]
    lenient: bool,
    #[command(flatten)]
    contexts: ContextArgs,
    /// The JSON-LD document (a `proof` is canonicalized like any other property; remove it to
    /// get the document an RDF proof signs).
    file: PathBuf,
}

pub(crate) fn run(args: &CanonicalizeArgs) -> Result<(), CliError> {
    let document = read_input(&args.file)?;
    let options = Options {
        safe_mode: !args.lenient,
        ..Options::default()
    };
    // The processor the RDF suites sign and verify with, so the output is what they hash.
    let suites = SuiteRegistry::with_documents(&args.contexts.store()?);
    let quads = suites
        .processor()
        .to_rdf(&document, &options)
        .map_err(|e| match e.unavailable_document() {
            Some(url) => CliError::failed(format!(
                "{}: JSON-LD context `{url}` is not bundled and was not given: supply it with `--context {url}=FILE`",
                args.file.display()
            )),
            None => CliError::failed(format!(
                "{}: JSON-LD error {} at `{}`: {}",
                args.file.display(),
                e.code(),
                e.pointer().unwrap_or(""),
                e.message()
            )),
        })?;
    let nquads = canonicalize_to_string(&quads, &CanonicalizationOptions::default())
        .map_err(|e| CliError::failed(format!("{}: RDFC-1.0: {e}", args.file.display())))?;
    print_out(&nquads)
}
