//! `openbadges status-list new|allocate|set|export`: an issuer's Bitstring Status List kept in one
//! local file.
//!
//! # List file format
//!
//! ```json
//! {
//!   "format": "openbadges-status-list/1",
//!   "url": "https://example.org/status/1",        // where the list credential is published
//!   "verificationMethod": "did:key:z6Mk…#z6Mk…",  // the key that signs the list credential
//!   "snapshot": {                                  // openbadges::status::StatusListSnapshot
//!     "purpose": "revocation", "statusSize": 1, "entries": 131072,
//!     "encodedList": "u…", "allocator": {…}        // allocator state: keep the file private
//!   },
//!   "credential": {…}                              // the signed BitstringStatusListCredential
//! }
//! ```
//!
//! `export` prints `credential`: publish it at `url`. Every change rewrites the file atomically
//! (temporary file, flush, rename), so a crash leaves the old list or the new one.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use openbadges::issuer::{Issuer, Suite};
use openbadges::status::{StatusList, StatusListConfig, StatusListSnapshot, StatusPurpose};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::keygen::LoadedKey;
use super::support::{
    CliError, parse_hex, parse_time, pretty, print_json, read_input, write_atomically,
};

const FORMAT: &str = "openbadges-status-list/1";

#[derive(Subcommand)]
pub(crate) enum StatusListCommand {
    /// Creates a list file with a signed, all-valid list credential.
    New(NewArgs),
    /// Allocates an unused random index; prints the `credentialStatus` entry JSON.
    Allocate(FileArg),
    /// Sets an allocated entry and re-signs the list credential.
    Set(SetArgs),
    /// Prints the signed list credential (what is published at the list URL).
    Export(FileArg),
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Purpose {
    /// Set = revoked (final).
    Revocation,
    /// Set = suspended (can be cleared).
    Suspension,
}

#[derive(Args)]
pub(crate) struct NewArgs {
    /// The list's purpose.
    #[arg(long, value_enum)]
    purpose: Purpose,
    /// The URL the list credential will be published at (its `id`).
    #[arg(long, value_name = "URL")]
    id: String,
    /// Key file of the issuer signing the list credential.
    #[arg(long, value_name = "FILE")]
    issuer_key: PathBuf,
    /// `validFrom` and proof `created`, RFC 3339. Default: now.
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// Number of entries (at least 131072).
    #[arg(long, default_value_t = StatusList::MIN_ENTRIES)]
    entries: u64,
    /// 32-byte hex seed for reproducible index allocation (tests only: it reveals issue order).
    #[arg(long, value_name = "HEX")]
    seed: Option<String>,
    /// The list file to create (refuses to overwrite).
    #[arg(short = 'o', long = "output", value_name = "LIST.json")]
    output: PathBuf,
}

#[derive(Args)]
pub(crate) struct FileArg {
    /// The list file.
    file: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Status {
    /// Revoked (revocation lists).
    Revoked,
    /// Suspended (suspension lists).
    Suspended,
    /// Clears a suspension (a revocation is final).
    Valid,
}

#[derive(Args)]
pub(crate) struct SetArgs {
    /// The list file.
    file: PathBuf,
    /// The allocated index.
    index: u64,
    /// The new status.
    #[arg(value_enum)]
    status: Status,
    /// Key file of the issuer (must be the list's key).
    #[arg(long, value_name = "FILE")]
    issuer_key: PathBuf,
    /// `validFrom` and proof `created` of the re-signed credential, RFC 3339. Default: now.
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
}

/// The list file (see the module docs).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ListFile {
    format: String,
    /// Where the list credential is published.
    pub(crate) url: String,
    verification_method: String,
    snapshot: StatusListSnapshot,
    credential: Value,
}

impl ListFile {
    /// Reads and checks a list file (exit 2 when unusable).
    pub(crate) fn read(path: &Path) -> Result<(ListFile, StatusList), CliError> {
        let value = read_input(path)?;
        let file: ListFile = serde_json::from_value(value).map_err(|e| {
            CliError::usage(format!("{}: not a status list file: {e}", path.display()))
        })?;
        if file.format != FORMAT {
            return Err(CliError::usage(format!(
                "{}: unknown format `{}` (expected `{FORMAT}`)",
                path.display(),
                file.format
            )));
        }
        let list = StatusList::from_snapshot(&file.snapshot)
            .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?;
        Ok((file, list))
    }

    /// Stores `list`'s state and writes the file atomically.
    pub(crate) fn save(&mut self, path: &Path, list: &StatusList) -> Result<(), CliError> {
        self.snapshot = list.snapshot();
        let value = serde_json::to_value(&*self)
            .map_err(|e| CliError::failed(format!("cannot serialize the list: {e}")))?;
        write_atomically(path, pretty(&value)?.as_bytes())
    }
}

pub(crate) fn run(command: &StatusListCommand) -> Result<(), CliError> {
    match command {
        StatusListCommand::New(args) => new(args),
        StatusListCommand::Allocate(args) => {
            let (mut file, mut list) = ListFile::read(&args.file)?;
            let index = list
                .allocate()
                .map_err(|e| CliError::failed(format!("cannot allocate: {e}")))?;
            let entry = list
                .credential_status_entry(index, &file.url)
                .map_err(|e| CliError::failed(e.to_string()))?;
            file.save(&args.file, &list)?;
            print_json(&entry)
        }
        StatusListCommand::Set(args) => set(args),
        StatusListCommand::Export(args) => {
            let (file, _) = ListFile::read(&args.file)?;
            print_json(&file.credential)
        }
    }
}

fn now_or(text: Option<&String>) -> Result<DateTime<Utc>, CliError> {
    text.map_or_else(|| Ok(Utc::now()), |t| parse_time(t))
}

fn signed_list(
    list: &StatusList,
    issuer: &Issuer,
    url: &str,
    now: DateTime<Utc>,
) -> Result<Value, CliError> {
    let unsigned = list.to_credential(issuer.did(), url, now, None);
    issuer
        .sign(&unsigned, Suite::EddsaRdfc2022, now)
        .map_err(|e| CliError::failed(format!("cannot sign the list credential: {e}")))
}

fn new(args: &NewArgs) -> Result<(), CliError> {
    if args.output.exists() {
        return Err(CliError::usage(format!(
            "{} exists; a status list is never overwritten",
            args.output.display()
        )));
    }
    if url::Url::parse(&args.id).is_err() {
        return Err(CliError::usage(format!("--id `{}` is not a URL", args.id)));
    }
    let now = now_or(args.now.as_ref())?;
    let (keypair, method) = LoadedKey::read(&args.issuer_key)?.into_ed25519(&args.issuer_key)?;
    let mut config = match args.purpose {
        Purpose::Revocation => StatusListConfig::revocation(),
        Purpose::Suspension => StatusListConfig::suspension(),
    }
    .with_entries(args.entries);
    if let Some(hex) = &args.seed {
        let seed: [u8; 32] = parse_hex(hex)
            .map_err(|e| CliError::usage(format!("--seed: {e}")))?
            .try_into()
            .map_err(|_| CliError::usage("--seed must be 32 bytes (64 hex digits)"))?;
        config = config.with_seed(seed);
    }
    let list = StatusList::new(config).map_err(|e| CliError::usage(e.to_string()))?;
    let issuer = Issuer::new(keypair, method.clone());
    let credential = signed_list(&list, &issuer, &args.id, now)?;
    let mut file = ListFile {
        format: FORMAT.to_owned(),
        url: args.id.clone(),
        verification_method: method,
        snapshot: list.snapshot(),
        credential,
    };
    file.save(&args.output, &list)
}

fn set(args: &SetArgs) -> Result<(), CliError> {
    let (mut file, mut list) = ListFile::read(&args.file)?;
    let now = now_or(args.now.as_ref())?;
    let (keypair, method) = LoadedKey::read(&args.issuer_key)?.into_ed25519(&args.issuer_key)?;
    if method != file.verification_method {
        return Err(CliError::usage(format!(
            "{} is not the list's key ({})",
            args.issuer_key.display(),
            file.verification_method
        )));
    }
    let value = match (args.status, list.purpose()) {
        (Status::Valid, _) => 0u64,
        (Status::Revoked, StatusPurpose::Revocation)
        | (Status::Suspended, StatusPurpose::Suspension) => 1,
        (status, purpose) => {
            return Err(CliError::usage(format!(
                "cannot set {status:?} on a {} list",
                purpose.as_str()
            )));
        }
    };
    list.set(args.index, value)
        .map_err(|e| CliError::failed(format!("cannot set index {}: {e}", args.index)))?;
    let issuer = Issuer::new(keypair, method);
    file.credential = signed_list(&list, &issuer, &file.url, now)?;
    file.save(&args.file, &list)
}
