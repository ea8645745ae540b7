//! What the subcommands share: errors with exit codes, standard output that survives a closed
//! pipe, hex, JSON input, atomic writes.

use std::io::Write as _;
use std::path::Path;

use serde_json::Value;

use super::{EXIT_INVALID, EXIT_UNREADABLE, read_json};
use openbadges::json::JsonLimits;

/// A failed subcommand: its message (printed on stderr) and exit status.
#[derive(Debug)]
pub(crate) struct CliError {
    /// Exit status: 2 bad input or usage, 1 the operation itself failed.
    pub(crate) code: u8,
    /// What went wrong.
    pub(crate) message: String,
}

impl CliError {
    /// Unreadable or unusable input, bad arguments (exit 2).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_UNREADABLE,
            message: message.into(),
        }
    }

    /// The input was read but the operation failed (exit 1).
    pub(crate) fn failed(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_INVALID,
            message: message.into(),
        }
    }
}

/// Exit status of a subcommand's result; errors go to stderr.
pub(crate) fn finish(result: Result<(), CliError>) -> u8 {
    match result {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {}", error.message);
            error.code
        }
    }
}

/// Decodes hexadecimal (either case, even length).
pub(crate) fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim();
    if text.len() % 2 != 0 {
        return Err("hex needs an even number of digits".into());
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|digits| u8::from_str_radix(digits, 16).ok())
                .ok_or_else(|| format!("`{}` is not hex", String::from_utf8_lossy(pair)))
        })
        .collect()
}

/// Reads and strictly parses a JSON input file with the default limits (exit 2 on failure).
pub(crate) fn read_input(path: &Path) -> Result<Value, CliError> {
    read_json(path, &JsonLimits::default()).map_err(|failure| CliError::usage(failure.message))
}

/// Parses an RFC 3339 date-time (`--now`, `--created`).
pub(crate) fn parse_time(text: &str) -> Result<chrono::DateTime<chrono::Utc>, CliError> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| CliError::usage(format!("`{text}` is not an RFC 3339 date-time: {e}")))
}

/// Writes `bytes` to `path` so that readers see the old file or the new one, never a part:
/// a temporary file in the same directory, flushed to disk, then renamed over `path`.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    openbadges::files::write_atomically(path, bytes)
        .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))
}

/// Pretty JSON text with a final newline.
pub(crate) fn pretty(value: &Value) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|e| CliError::failed(format!("cannot serialize JSON: {e}")))
}

/// Writes `text` to standard output; every subcommand prints through here (never `print!`,
/// which panics when the reader has gone).
///
/// A closed pipe (`openbadges verify badge.png | head -c 10`) is not an error: the reader chose
/// to stop, the work is done, so the rest is dropped quietly and the command keeps its exit
/// status. Any other write failure (a full disk behind a redirection) is an error, exit 1.
pub(crate) fn print_out(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::failed(format!("cannot write the output: {e}"))),
    }
}

/// Prints `value` as pretty JSON with a final newline (see [`print_out`]).
pub(crate) fn print_json(value: &Value) -> Result<(), CliError> {
    print_out(&pretty(value)?)
}

/// For the subcommands that decide their own exit status (`verify`, `needs`, `validate`,
/// `unbake`): prints `text` and returns `code`, or reports why it could not be printed and
/// returns at least 1 (never 0 for a report nobody received).
pub(crate) fn print_or_exit(text: &str, code: u8) -> u8 {
    match print_out(text) {
        Ok(()) => code,
        Err(error) => {
            eprintln!("error: {}", error.message);
            code.max(error.code)
        }
    }
}

/// [`print_or_exit`] for a JSON value.
pub(crate) fn print_json_or_exit(value: &Value, code: u8) -> u8 {
    match pretty(value) {
        Ok(text) => print_or_exit(&text, code),
        Err(error) => {
            eprintln!("error: {}", error.message);
            code.max(error.code)
        }
    }
}
