//! `openbadges issue --roster FILE.csv --out-dir DIR`: a cohort in one run, one credential per
//! row.
//!
//! The header names the columns, in any order: `row_id` (required; names the output file),
//! `recipient_email` and/or `recipient_id` (exactly one filled per row), `recipient_name`,
//! `valid_until` (RFC 3339), `evidence` (URLs separated by spaces) and one
//! `result:<criterion id or name>` per rubric criterion, holding the level's id, name or `level`
//! (the rules of `--result`). Any other column is an error.
//!
//! Nothing is written unless every row is good: the rows are all read and checked first (every
//! problem listed with its row and column), then every credential is issued in memory, and only
//! then are the files written (each atomically) and the status list saved. With `--seed`, row
//! `row_id` uses the seed SHA-256(seed ‖ "openbadges:roster-row:" ‖ row_id), so the same roster,
//! seed and `--now` give byte-identical files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use openbadges::bake::{ImageFormat, detect_format};
use openbadges::model::ResultDescription;
use openbadges::status::StatusList;

use super::issue::{
    AwardSpec, IssueRun, Recipient, derive, find_criterion, level_result, unknown_criterion,
};
use super::support::{CliError, parse_time, pretty, write_atomically};
use super::verify_many::progress_bar;

/// Longest accepted `row_id` (it becomes a file name).
const MAX_ROW_ID_CHARS: usize = 128;

/// What a column holds.
enum Column<'a> {
    RowId,
    RecipientEmail,
    RecipientId,
    RecipientName,
    ValidUntil,
    Evidence,
    /// A rubric criterion's level, with the criterion as named in the header.
    Result(&'a ResultDescription, String),
}

/// One problem with the roster, where it is.
struct Problem {
    /// 1-based data row (the header is row 0), if the problem is in a row.
    row: Option<usize>,
    column: Option<String>,
    message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.row, &self.column) {
            (Some(row), Some(column)) => write!(f, "row {row}, column `{column}`: ")?,
            (Some(row), None) => write!(f, "row {row}: ")?,
            (None, Some(column)) => write!(f, "header, column `{column}`: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

/// Issues one credential per row of `roster` into `out_dir`; returns how many were written.
pub(crate) fn run(
    issue: &IssueRun,
    roster: &Path,
    out_dir: &Path,
    seed: Option<&[u8]>,
    mut status: Option<(&mut StatusList, &str)>,
) -> Result<usize, CliError> {
    let text = std::fs::read(roster)
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", roster.display())))?;
    let rows = read_rows(issue, &text, seed)
        .map_err(|problems| roster_error(roster, &problems, "nothing was issued or written"))?;
    let extension = match issue.image.as_deref().map(detect_format) {
        None => "json",
        Some(Some(ImageFormat::Png)) => "png",
        Some(Some(ImageFormat::Svg)) => "svg",
        Some(_) => return Err(CliError::usage("--bake: the image is neither PNG nor SVG")),
    };

    let progress = progress_bar(rows.len(), "issuing");
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (row, (row_id, spec)) in rows.iter().enumerate() {
        let list = status.as_mut().map(|(list, url)| (&mut **list, *url));
        match issue.issue(spec, list) {
            Ok(issued) => {
                let bytes = match issued.baked {
                    Some(baked) => baked,
                    None => pretty(&issued.credential)?.into_bytes(),
                };
                files.push((out_dir.join(format!("{row_id}.{extension}")), bytes));
            }
            Err(error) => problems.push(Problem {
                row: Some(row + 1),
                column: None,
                message: error.message,
            }),
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if !problems.is_empty() {
        return Err(roster_error(
            roster,
            &problems,
            "nothing was written and the status list was not changed",
        ));
    }
    std::fs::create_dir_all(out_dir)
        .map_err(|e| CliError::failed(format!("cannot create {}: {e}", out_dir.display())))?;
    for (path, bytes) in &files {
        write_atomically(path, bytes)?;
    }
    Ok(files.len())
}

fn roster_error(roster: &Path, problems: &[Problem], consequence: &str) -> CliError {
    let mut message = format!(
        "{}: {} problem{} ({consequence}):",
        roster.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for problem in problems {
        message += &format!("\n  {problem}");
    }
    CliError::usage(message)
}

/// Reads and checks every row; all problems, or each row's id and award.
fn read_rows(
    issue: &IssueRun,
    text: &[u8],
    seed: Option<&[u8]>,
) -> Result<Vec<(String, AwardSpec)>, Vec<Problem>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text);
    let header = reader.headers().cloned().map_err(|e| {
        vec![Problem {
            row: None,
            column: None,
            message: format!("cannot read the header: {e}"),
        }]
    })?;
    let columns = header_columns(issue, &header)?;

    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut seen_ids = HashSet::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 1;
        match record {
            Ok(record) => {
                if let Some(parsed) = read_row(issue, &columns, &record, row, seed, &mut problems) {
                    if !seen_ids.insert(parsed.0.clone()) {
                        problems.push(Problem {
                            row: Some(row),
                            column: Some("row_id".into()),
                            message: format!("`{}` is used by an earlier row", parsed.0),
                        });
                    }
                    rows.push(parsed);
                }
            }
            Err(e) => problems.push(Problem {
                row: Some(row),
                column: None,
                message: format!("not a CSV record: {e}"),
            }),
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(Problem {
            row: None,
            column: None,
            message: "the roster has no rows".into(),
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn header_columns<'a>(
    issue: &'a IssueRun,
    header: &csv::StringRecord,
) -> Result<Vec<Column<'a>>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut columns = Vec::new();
    let mut seen = HashSet::new();
    for name in header.iter() {
        let problem = |message: String| Problem {
            row: None,
            column: Some(name.to_owned()),
            message,
        };
        if !seen.insert(name) {
            problems.push(problem("named twice".into()));
            continue;
        }
        let column = match name {
            "row_id" => Column::RowId,
            "recipient_email" => Column::RecipientEmail,
            "recipient_id" => Column::RecipientId,
            "recipient_name" => Column::RecipientName,
            "valid_until" => Column::ValidUntil,
            "evidence" => Column::Evidence,
            _ => match name.strip_prefix("result:") {
                Some(criterion) => match find_criterion(&issue.achievement, criterion) {
                    Some(description) => Column::Result(description, criterion.to_owned()),
                    None => {
                        problems.push(problem(unknown_criterion(&issue.achievement)));
                        continue;
                    }
                },
                None => {
                    problems.push(problem(
                        "unknown column (known: row_id, recipient_email, recipient_id, recipient_name, valid_until, evidence, result:<criterion>)"
                            .into(),
                    ));
                    continue;
                }
            },
        };
        columns.push(column);
    }
    for (required, present) in [
        ("row_id", seen.contains("row_id")),
        (
            "recipient_email or recipient_id",
            seen.contains("recipient_email") || seen.contains("recipient_id"),
        ),
    ] {
        if !present {
            problems.push(Problem {
                row: None,
                column: None,
                message: format!("the header has no `{required}` column"),
            });
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

/// One row's id and award, or `None` after adding its problems.
fn read_row(
    issue: &IssueRun,
    columns: &[Column<'_>],
    record: &csv::StringRecord,
    row: usize,
    seed: Option<&[u8]>,
    problems: &mut Vec<Problem>,
) -> Option<(String, AwardSpec)> {
    let before = problems.len();
    let mut fail = |column: &str, message: String| {
        problems.push(Problem {
            row: Some(row),
            column: Some(column.to_owned()),
            message,
        });
    };
    let (mut row_id, mut email, mut id) = (None, None, None);
    let mut spec = AwardSpec {
        recipient: Recipient::Id(String::new()),
        recipient_name: None,
        valid_until: None,
        results: Vec::new(),
        evidence: Vec::new(),
        seed: None,
    };
    for (column, cell) in columns.iter().zip(record.iter()) {
        if cell.is_empty() {
            continue;
        }
        match column {
            Column::RowId => match check_row_id(cell) {
                Ok(()) => row_id = Some(cell.to_owned()),
                Err(message) => fail("row_id", message),
            },
            Column::RecipientEmail => {
                if cell.contains('@') && !cell.contains(char::is_whitespace) {
                    email = Some(cell.to_owned());
                } else {
                    fail(
                        "recipient_email",
                        format!("`{cell}` is not an email address"),
                    );
                }
            }
            Column::RecipientId => match url::Url::parse(cell) {
                Ok(_) => id = Some(cell.to_owned()),
                Err(e) => fail("recipient_id", format!("`{cell}` is not a DID or URL: {e}")),
            },
            Column::RecipientName => spec.recipient_name = Some(cell.to_owned()),
            Column::ValidUntil => match parse_time(cell) {
                Ok(until) if until > issue.now => spec.valid_until = Some(until),
                Ok(_) => fail(
                    "valid_until",
                    format!(
                        "`{cell}` is not after the issue date {}",
                        issue.now.to_rfc3339()
                    ),
                ),
                Err(error) => fail("valid_until", error.message),
            },
            Column::Evidence => {
                for url in cell.split_whitespace() {
                    match url::Url::parse(url) {
                        Ok(_) => spec.evidence.push(url.to_owned()),
                        Err(e) => fail("evidence", format!("`{url}` is not a URL: {e}")),
                    }
                }
            }
            Column::Result(description, criterion) => {
                match level_result(description, criterion, cell) {
                    Ok(result) => spec.results.push(result),
                    Err(message) => fail(&format!("result:{criterion}"), message),
                }
            }
        }
    }
    match (&row_id, &email, &id) {
        (None, _, _) => fail("row_id", "empty (it names the output file)".into()),
        (_, Some(_), Some(_)) => fail(
            "recipient_id",
            "both recipient_email and recipient_id are filled; give one".into(),
        ),
        (_, None, None) => fail(
            "recipient_email",
            "no recipient: fill recipient_email or recipient_id".into(),
        ),
        _ => {}
    }
    if problems.len() > before {
        return None;
    }
    let row_id = row_id?;
    spec.recipient = match (email, id) {
        (Some(email), _) => Recipient::Email(email),
        (None, Some(id)) => Recipient::Id(id),
        (None, None) => return None,
    };
    spec.seed = seed.map(|seed| {
        let mut prefix = seed.to_vec();
        prefix.extend_from_slice(b"openbadges:roster-row:");
        derive(&prefix, &row_id).to_vec()
    });
    Some((row_id, spec))
}

/// A `row_id` is a file name on every system: letters, digits, `-`, `_`, `.`, not starting with
/// a dot, at most [`MAX_ROW_ID_CHARS`].
fn check_row_id(row_id: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if row_id.starts_with('.') || !row_id.chars().all(allowed) {
        return Err(format!(
            "`{row_id}` cannot name a file (use letters, digits, `-`, `_`, `.`, not starting with `.`)"
        ));
    }
    if row_id.chars().count() > MAX_ROW_ID_CHARS {
        return Err(format!("longer than {MAX_ROW_ID_CHARS} characters"));
    }
    Ok(())
}
