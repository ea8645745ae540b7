//! `openbadges verify` over many badges: folders walked, paths from standard input, every core
//! through [`openbadges::verify::Batch`], one row per badge streamed in input order, a progress
//! bar on a terminal.

use std::collections::BTreeMap;
use std::io::{BufRead as _, IsTerminal as _};
use std::path::{Path, PathBuf};

use openbadges::verify::{CheckStatus, Outcome, VerificationReport};
use serde_json::{Value, json};

use super::documents::read;
use super::support::{CliError, print_or_exit, print_out};
use super::verify::{Format, VerifyArgs, build, drop_image_bytes};

/// File name extensions a folder walk picks up (compared without case).
const BADGE_EXTENSIONS: [&str; 4] = ["json", "jwt", "png", "svg"];

/// What is kept of one badge's report (the worker threads drop the rest).
struct Row {
    path: PathBuf,
    outcome: Outcome,
    /// `None` when the file could not be read at all.
    conformant: Option<bool>,
    failed: Vec<&'static str>,
    display: Value,
    /// Why the file could not be read (I/O), if so.
    error: Option<String>,
    /// The full report, for `--format report`.
    report: Option<Value>,
}

/// Runs `verify` over every input; see [`super::verify::run`] for the exit status.
pub(crate) fn run(args: &VerifyArgs) -> u8 {
    match run_inner(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", error.message);
            error.code
        }
    }
}

fn run_inner(args: &VerifyArgs) -> Result<u8, CliError> {
    let format = args.format().unwrap_or(Format::Summary);
    let paths = collect_paths(args.inputs())?;
    let (verifier, max) = build(args)?;
    let with_image = args.with_image();
    let full = format == Format::Report;

    let progress = progress_bar(paths.len(), "verifying");
    let mut counts: BTreeMap<Outcome, usize> = BTreeMap::new();
    let mut output = Output::new(format);
    output.start()?;
    verifier.batch().jobs(args.jobs().unwrap_or(0)).map(
        paths,
        |verifier, path| match read(&path, max) {
            Ok(bytes) => row(path, verifier.verify(&bytes), full, with_image),
            Err(error) => Row {
                path,
                outcome: Outcome::Unreadable,
                conformant: None,
                failed: Vec::new(),
                display: Value::Null,
                error: Some(error.message),
                report: None,
            },
        },
        |_, row| {
            *counts.entry(row.outcome).or_default() += 1;
            // A failed write (not a closed pipe) is reported once the run ends.
            output.row(&row);
            progress.inc(1);
        },
    );
    progress.finish_and_clear();
    let failures = counts
        .iter()
        .filter(|(outcome, _)| **outcome != Outcome::Verified)
        .map(|(_, n)| n)
        .sum::<usize>();
    let code = if failures == 0 {
        super::EXIT_VALID
    } else {
        super::EXIT_INVALID
    };
    if let Some(error) = output.error.take() {
        eprintln!("error: {}", error.message);
        return Ok(code.max(error.code));
    }
    Ok(output.finish(&counts, code))
}

/// Keeps what the chosen format prints of `report`.
fn row(path: PathBuf, report: VerificationReport, full: bool, with_image: bool) -> Row {
    let failed = report
        .checks()
        .iter()
        .filter(|check| check.status == CheckStatus::Failed)
        .map(|check| check.code.as_str())
        .fold(Vec::new(), |mut codes, code| {
            if !codes.contains(&code) {
                codes.push(code);
            }
            codes
        });
    let display = report.display().map_or(Value::Null, |d| {
        json!({
            "achievement_name": d.achievement_name,
            "issuer_name": d.issuer_name,
            "issuer_id": d.issuer_id,
            "issued": d.issued,
            "expires": d.expires,
        })
    });
    let full_report = full.then(|| {
        let mut json = report.to_json();
        if !with_image {
            drop_image_bytes(&mut json);
        }
        json
    });
    Row {
        path,
        outcome: report.outcome(),
        conformant: Some(report.conformance().conformant),
        failed,
        display,
        error: None,
        report: full_report,
    }
}

/// Files named directly, badge files under folders (recursively, sorted so runs are repeatable),
/// and the paths listed on standard input for `-`.
pub(crate) fn collect_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut paths = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            for line in std::io::stdin().lock().lines() {
                let line =
                    line.map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?;
                let line = line.trim_end_matches('\r');
                if !line.is_empty() {
                    paths.push(PathBuf::from(line));
                }
            }
        } else if input.is_dir() {
            walk(input, &mut paths)?;
        } else {
            paths.push(input.clone());
        }
    }
    if paths.is_empty() {
        return Err(CliError::usage(
            "no badge files found (folders are searched for *.json, *.jwt, *.png and *.svg)",
        ));
    }
    Ok(paths)
}

fn walk(dir: &Path, paths: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let unreadable = |e: std::io::Error| CliError::usage(format!("{}: {e}", dir.display()));
    let mut entries = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, paths)?;
        } else if is_badge_file(&path) {
            paths.push(path);
        }
    }
    Ok(())
}

fn is_badge_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| BADGE_EXTENSIONS.iter().any(|b| e.eq_ignore_ascii_case(b)))
}

/// A progress bar on standard error when it is a terminal; nothing otherwise (logs and pipes
/// stay clean).
pub(crate) fn progress_bar(len: usize, what: &str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(u64::try_from(len).unwrap_or(u64::MAX)),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg} {wide_bar} {pos}/{len} ({per_sec}, {eta} left)",
    ) {
        bar.set_style(style);
    }
    bar.set_message(what.to_owned());
    bar
}

/// Prints rows as they come, in the chosen format.
struct Output {
    format: Format,
    first: bool,
    /// The first write failure (other than a closed pipe).
    error: Option<CliError>,
}

impl Output {
    fn new(format: Format) -> Self {
        Output {
            format,
            first: true,
            error: None,
        }
    }

    fn start(&mut self) -> Result<(), CliError> {
        match self.format {
            Format::Csv => print_out(
                "path,outcome,conformant,failed_checks,achievement_name,issuer_name,issuer_id,issued,expires\n",
            ),
            Format::Report => print_out("["),
            Format::Ndjson | Format::Summary => Ok(()),
        }
    }

    fn row(&mut self, row: &Row) {
        let text = match self.format {
            Format::Summary => return,
            Format::Ndjson => {
                let mut line = json!({
                    "path": row.path.to_string_lossy(),
                    "outcome": row.outcome,
                    "conformant": row.conformant,
                    "failed": row.failed,
                    "display": row.display,
                });
                if let (Some(error), Some(object)) = (&row.error, line.as_object_mut()) {
                    object.insert("error".into(), Value::String(error.clone()));
                }
                line.to_string() + "\n"
            }
            Format::Csv => {
                let field = |pointer: &str| {
                    row.display
                        .pointer(pointer)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                let fields = [
                    row.path.to_string_lossy().into_owned(),
                    outcome_code(row.outcome),
                    row.conformant.map(|c| c.to_string()).unwrap_or_default(),
                    row.failed.join(" "),
                    field("/achievement_name"),
                    field("/issuer_name"),
                    field("/issuer_id"),
                    field("/issued"),
                    field("/expires"),
                ];
                fields
                    .iter()
                    .map(|f| csv_field(f))
                    .collect::<Vec<_>>()
                    .join(",")
                    + "\n"
            }
            Format::Report => {
                let entry = json!({
                    "path": row.path.to_string_lossy(),
                    "report": row.report.clone().unwrap_or_else(|| json!({
                        "outcome": row.outcome,
                        "verified": false,
                        "summary": row.error,
                    })),
                });
                let separator = if self.first { "\n" } else { ",\n" };
                format!("{separator}{entry}")
            }
        };
        self.first = false;
        if self.error.is_none() {
            self.error = print_out(&text).err();
        }
    }

    fn finish(self, counts: &BTreeMap<Outcome, usize>, code: u8) -> u8 {
        match self.format {
            Format::Report => print_or_exit(if self.first { "]\n" } else { "\n]\n" }, code),
            Format::Ndjson | Format::Csv => code,
            Format::Summary => {
                let total: usize = counts.values().sum();
                let mut table = format!("{:<20} {:>8}\n", "outcome", "count");
                for (outcome, count) in counts {
                    table += &format!("{:<20} {count:>8}\n", outcome_code(*outcome));
                }
                table += &format!("{:<20} {total:>8}\n", "total");
                print_or_exit(&table, code)
            }
        }
    }
}

/// The outcome's code as in the JSON report (`VERIFIED`, `FORGED`…).
fn outcome_code(outcome: Outcome) -> String {
    match serde_json::to_value(outcome) {
        Ok(Value::String(code)) => code,
        _ => format!("{outcome:?}"),
    }
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
