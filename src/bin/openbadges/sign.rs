//! `openbadges sign`: secures a credential with a Data Integrity proof or as a VC-JWT.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use openbadges::issuer::{
    Conformance, IssueError, Issuer, Suite, check_conformance, check_key_binding, jwt_payload_shape,
};
use openbadges::jwt::{self, Algorithm, KeyReference, SignOptions};

use super::documents::ContextArgs;
use super::keygen::LoadedKey;
use super::support::{CliError, parse_time, print_json, print_out, read_input};

/// The `--suite` names.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub(crate) enum SuiteName {
    /// `eddsa-rdfc-2022` (JSON-LD + RDFC-1.0), required by OB 3.0 conformance.
    #[default]
    #[value(name = "eddsa-rdfc-2022")]
    EddsaRdfc2022,
    /// `eddsa-jcs-2022` (RFC 8785 JSON canonicalization).
    #[value(name = "eddsa-jcs-2022")]
    EddsaJcs2022,
    /// The legacy `Ed25519Signature2020` proof type.
    #[value(name = "ed25519-2020")]
    Ed25519Signature2020,
}

impl SuiteName {
    pub(crate) fn suite(self) -> Suite {
        match self {
            SuiteName::EddsaRdfc2022 => Suite::EddsaRdfc2022,
            SuiteName::EddsaJcs2022 => Suite::EddsaJcs2022,
            SuiteName::Ed25519Signature2020 => Suite::Ed25519Signature2020,
        }
    }
}

/// `--format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
enum Format {
    /// An embedded Data Integrity proof (prints the credential JSON).
    #[default]
    #[value(name = "di")]
    DataIntegrity,
    /// A compact VC-JWT (prints the token).
    Jwt,
}

/// `--alg` for JWTs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AlgName {
    #[value(name = "EdDSA")]
    EdDsa,
    #[value(name = "RS256")]
    Rs256,
    #[value(name = "ES256")]
    Es256,
}

impl AlgName {
    fn algorithm(self) -> Algorithm {
        match self {
            AlgName::EdDsa => Algorithm::EdDsa,
            AlgName::Rs256 => Algorithm::Rs256,
            AlgName::Es256 => Algorithm::Es256,
        }
    }
}

#[derive(Args)]
pub(crate) struct SignArgs {
    /// Key file (openbadges keygen output, a private JWK, or a PEM key for JWTs).
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// Data Integrity cryptosuite.
    #[arg(long, value_enum, default_value_t)]
    suite: SuiteName,
    /// Proof `created` (Data Integrity) or `iat` (JWT), RFC 3339. Default: now.
    #[arg(long, value_name = "RFC3339")]
    created: Option<String>,
    /// Output: an embedded proof (`di`) or a compact VC-JWT (`jwt`).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// JWT algorithm; must match the key (default: the key's).
    #[arg(long, value_enum)]
    alg: Option<AlgName>,
    /// JWT `kid` (default: the key file's verification method; none: embed the public JWK).
    #[arg(long)]
    kid: Option<String>,
    #[command(flatten)]
    contexts: ContextArgs,
    /// Sign even a credential the W3C VC data model forbids (a lax verifier may accept it).
    #[arg(long)]
    allow_nonconformant: bool,
    /// The unsigned credential (JSON).
    credential: PathBuf,
}

/// A refusal, listing every problem on its own line.
fn refused(error: IssueError) -> CliError {
    match error {
        IssueError::Invalid { problems } => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| format!("  {} at `{}`: {}", p.code, p.pointer, p.message))
                .collect();
            CliError::failed(format!(
                "refusing to sign: the credential breaks the VC data model ({} problem{}; --allow-nonconformant signs anyway):\n{}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                lines.join("\n")
            ))
        }
        other => CliError::failed(format!("cannot sign: {other}")),
    }
}

pub(crate) fn run(args: &SignArgs) -> Result<(), CliError> {
    let credential = read_input(&args.credential)?;
    let contexts = args.contexts.store()?;
    let created = match &args.created {
        Some(text) => parse_time(text)?,
        None => chrono::Utc::now(),
    };
    let key = LoadedKey::read(&args.key)?;
    let conformance = if args.allow_nonconformant {
        Conformance::AllowNonconformant
    } else {
        Conformance::Required
    };
    if args.format == Format::Jwt {
        if conformance == Conformance::Required {
            check_conformance(&credential).map_err(refused)?;
        }
        let (key, kid) = match key {
            LoadedKey::Ed25519 { keypair, method } => {
                (jwt::SigningKey::from_keypair(keypair), Some(method))
            }
            LoadedKey::Jose { key, kid } => (key, kid),
        };
        if let Some(alg) = args.alg {
            if alg.algorithm() != key.algorithm() {
                return Err(CliError::usage(format!(
                    "--alg {} does not match the {} key",
                    alg.algorithm().as_str(),
                    key.algorithm().as_str()
                )));
            }
        }
        let reference = match args.kid.clone().or(kid) {
            Some(kid) => {
                check_key_binding(&credential, &kid).map_err(refused)?;
                KeyReference::Kid(kid)
            }
            None => KeyReference::EmbeddedJwk,
        };
        let options = SignOptions::new(reference)
            .shape(jwt_payload_shape(&credential))
            .issued_at(created);
        let token = jwt::sign(&credential, &key, &options)
            .map_err(|e| CliError::failed(format!("cannot sign: {e}")))?;
        return print_out(&format!("{token}\n"));
    }
    if args.alg.is_some() || args.kid.is_some() {
        return Err(CliError::usage(
            "--alg and --kid apply to --format jwt only",
        ));
    }
    let (keypair, method) = key.into_ed25519(&args.key)?;
    let signed = Issuer::new(keypair, method)
        .with_documents(&contexts)
        .sign_with(&credential, args.suite.suite(), created, conformance)
        .map_err(refused)?;
    print_json(&signed)
}
