//! `openbadges fetch FILE… --into DIR` (features `cli` and `fetch`): downloads what the badges
//! need into the folder `openbadges verify --documents DIR` reads, so verification runs offline.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use openbadges::fetch::{FetchLimits, FetchPolicy, FetchReport, Fetcher};
use openbadges::verify::VerifyOptions;

use super::documents::read;
use super::support::{CliError, print_or_exit};

/// Arguments of `openbadges fetch`.
#[derive(Args)]
pub(crate) struct FetchArgs {
    /// The badges: credential JSON, compact VC-JWTs, baked PNG or SVG images, Open Badges 2.0
    /// assertions.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The document folder to fetch into (created when missing; documents already in it are
    /// not fetched again, other entries of its index.json are kept).
    #[arg(long, value_name = "DIR")]
    into: PathBuf,
    /// Largest accepted document, in bytes.
    #[arg(long, default_value_t = FetchLimits::DEFAULT_MAX_BODY_BYTES)]
    max_bytes: u64,
    /// Most redirects followed for one URL.
    #[arg(long, default_value_t = FetchLimits::DEFAULT_MAX_REDIRECTS)]
    max_redirects: u32,
    /// Time allowed per URL, connecting and redirects included, in seconds.
    #[arg(long, default_value_t = FetchLimits::DEFAULT_TIMEOUT.as_secs())]
    timeout_seconds: u64,
    /// A root certificate (DER, or PEM `CERTIFICATE` blocks) to trust besides Mozilla's roots:
    /// an organization's own certificate authority. Repeatable.
    #[arg(long = "root-cert", value_name = "FILE")]
    root_certs: Vec<PathBuf>,
    /// Fetch every needed document again, also those the folder already has (status lists
    /// change: refresh before checking revocation).
    #[arg(long)]
    refresh: bool,
    /// Also fetch from this machine (localhost, 127.0.0.0/8, ::1; plain http:// allowed there),
    /// for testing against a local server. Risky with badges from strangers: they could make
    /// requests to local services.
    #[arg(long)]
    allow_loopback: bool,
}

/// Prints one line per document (`fetched URL -> FILE (from URL, sha256 HEX)` or
/// `failed URL: reason`); exit 0 when every needed document was fetched, 1 when one was not,
/// 2 when an input, a root certificate or the folder cannot be used.
pub(crate) fn run(args: &FetchArgs) -> u8 {
    match fetch(args) {
        Ok((text, code)) => print_or_exit(&text, code),
        Err(error) => {
            eprintln!("error: {}", error.message);
            error.code
        }
    }
}

fn fetch(args: &FetchArgs) -> Result<(String, u8), CliError> {
    let max_input = VerifyOptions::new(chrono::DateTime::UNIX_EPOCH).max_input_bytes;
    let inputs = args
        .files
        .iter()
        .map(|path| read(path, max_input))
        .collect::<Result<Vec<_>, _>>()?;
    let limits = FetchLimits::default()
        .with_max_body_bytes(args.max_bytes)
        .with_max_redirects(args.max_redirects)
        .with_timeout(Duration::from_secs(args.timeout_seconds));
    let mut policy = FetchPolicy::new().with_limits(limits);
    if args.allow_loopback {
        policy = policy.allowing_loopback();
    }
    for path in &args.root_certs {
        for der in root_certificates(path)? {
            policy = policy
                .with_extra_root(der)
                .map_err(|e| CliError::usage(format!("--root-cert {}: {e}", path.display())))?;
        }
    }
    let borrowed: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
    let report = Fetcher::new(policy)
        .with_refresh(args.refresh)
        .fetch_needs(&borrowed, &args.into)
        .map_err(|e| CliError::usage(format!("--into {}: {e}", args.into.display())))?;
    // What the other badges needed was still fetched; the unreadable ones are named on stderr.
    for (i, reason) in &report.unreadable {
        let path = args
            .files
            .get(*i)
            .map_or_else(String::new, |p| p.display().to_string());
        eprintln!("error: {path}: {reason}");
    }
    let code = if !report.unreadable.is_empty() {
        super::EXIT_UNREADABLE
    } else if report.is_complete() {
        super::EXIT_VALID
    } else {
        super::EXIT_INVALID
    };
    Ok((lines(&report), code))
}

/// The report, one line per document.
fn lines(report: &FetchReport) -> String {
    let mut text = String::new();
    for outcome in &report.outcomes {
        match &outcome.result {
            Ok(saved) => text.push_str(&format!(
                "fetched {} -> {} (from {}, sha256 {})\n",
                saved.url, saved.file, saved.fetched_from, saved.sha256
            )),
            // Most errors start with the URL they are about; a redirect target's names both.
            Err(e) if e.url() == outcome.needed => text.push_str(&format!("failed {e}\n")),
            Err(e) => text.push_str(&format!("failed {}: {e}\n", outcome.needed)),
        }
    }
    for needed in &report.still_needed {
        text.push_str(&format!(
            "failed {needed}: still needed after {} rounds of fetching\n",
            openbadges::fetch::MAX_ROUNDS
        ));
    }
    if report.outcomes.is_empty() && report.still_needed.is_empty() && report.unreadable.is_empty()
    {
        text.push_str("nothing to fetch: the folder has every document the badges need\n");
    }
    text
}

/// The certificates of a `--root-cert` file: the DER bytes as they are, or every PEM
/// `CERTIFICATE` block decoded.
fn root_certificates(path: &Path) -> Result<Vec<Vec<u8>>, CliError> {
    use base64::Engine as _;
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Ok(vec![bytes]);
    };
    if !text.contains("-----BEGIN") {
        return Ok(vec![bytes]);
    }
    let mut certificates = Vec::new();
    let mut body: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if line == "-----BEGIN CERTIFICATE-----" {
            body = Some(String::new());
        } else if line == "-----END CERTIFICATE-----" {
            let base64 = body.take().unwrap_or_default();
            let der = base64::engine::general_purpose::STANDARD
                .decode(base64.as_bytes())
                .map_err(|e| {
                    CliError::usage(format!(
                        "{}: a PEM block is not base64: {e}",
                        path.display()
                    ))
                })?;
            certificates.push(der);
        } else if let Some(body) = body.as_mut() {
            body.push_str(line);
        }
    }
    if certificates.is_empty() {
        return Err(CliError::usage(format!(
            "{}: no `-----BEGIN CERTIFICATE-----` block",
            path.display()
        )));
    }
    Ok(certificates)
}
