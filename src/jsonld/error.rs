//! The one error type of JSON-LD processing, carrying the W3C error code.

use std::fmt;

/// What went wrong, named after the JSON-LD 1.1 API error codes
/// (`expectErrorCode` in the W3C test suite), plus this crate's own
/// safe-mode and limit violations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is documented by its `as_str()` spec code
pub enum ErrorCode {
    CollidingKeywords,
    ContextOverflow,
    CyclicIriMapping,
    InvalidIdValue,
    InvalidImportValue,
    InvalidIncludedValue,
    InvalidIndexValue,
    InvalidNestValue,
    InvalidPrefixValue,
    InvalidPropagateValue,
    InvalidProtectedValue,
    InvalidReverseValue,
    InvalidVersionValue,
    InvalidBaseDirection,
    InvalidBaseIri,
    InvalidContainerMapping,
    InvalidContextEntry,
    InvalidContextNullification,
    InvalidDefaultLanguage,
    InvalidIriMapping,
    InvalidJsonLiteral,
    InvalidKeywordAlias,
    InvalidLanguageMapValue,
    InvalidLanguageMapping,
    InvalidLanguageTaggedString,
    InvalidLanguageTaggedValue,
    InvalidLocalContext,
    InvalidRemoteContext,
    InvalidReverseProperty,
    InvalidReversePropertyMap,
    InvalidReversePropertyValue,
    InvalidScopedContext,
    InvalidSetOrListObject,
    InvalidTermDefinition,
    InvalidTypeMapping,
    InvalidTypeValue,
    InvalidTypedValue,
    InvalidValueObject,
    InvalidValueObjectValue,
    InvalidVocabMapping,
    IriConfusedWithPrefix,
    KeywordRedefinition,
    LoadingDocumentFailed,
    LoadingRemoteContextFailed,
    ProcessingModeConflict,
    ProtectedTermRedefinition,
    RecursiveContextInclusion,
    ConflictingIndexes,
    /// Safe mode: something would have been silently dropped or left relative.
    SafeModeViolation,
    /// A configured limit (depth, size, context chain) was exceeded.
    LimitExceeded,
}

impl ErrorCode {
    /// The spec's error code string, e.g. `"invalid IRI mapping"`.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            CollidingKeywords => "colliding keywords",
            ContextOverflow => "context overflow",
            CyclicIriMapping => "cyclic IRI mapping",
            InvalidIdValue => "invalid @id value",
            InvalidImportValue => "invalid @import value",
            InvalidIncludedValue => "invalid @included value",
            InvalidIndexValue => "invalid @index value",
            InvalidNestValue => "invalid @nest value",
            InvalidPrefixValue => "invalid @prefix value",
            InvalidPropagateValue => "invalid @propagate value",
            InvalidProtectedValue => "invalid @protected value",
            InvalidReverseValue => "invalid @reverse value",
            InvalidVersionValue => "invalid @version value",
            InvalidBaseDirection => "invalid base direction",
            InvalidBaseIri => "invalid base IRI",
            InvalidContainerMapping => "invalid container mapping",
            InvalidContextEntry => "invalid context entry",
            InvalidContextNullification => "invalid context nullification",
            InvalidDefaultLanguage => "invalid default language",
            InvalidIriMapping => "invalid IRI mapping",
            InvalidJsonLiteral => "invalid JSON literal",
            InvalidKeywordAlias => "invalid keyword alias",
            InvalidLanguageMapValue => "invalid language map value",
            InvalidLanguageMapping => "invalid language mapping",
            InvalidLanguageTaggedString => "invalid language-tagged string",
            InvalidLanguageTaggedValue => "invalid language-tagged value",
            InvalidLocalContext => "invalid local context",
            InvalidRemoteContext => "invalid remote context",
            InvalidReverseProperty => "invalid reverse property",
            InvalidReversePropertyMap => "invalid reverse property map",
            InvalidReversePropertyValue => "invalid reverse property value",
            InvalidScopedContext => "invalid scoped context",
            InvalidSetOrListObject => "invalid set or list object",
            InvalidTermDefinition => "invalid term definition",
            InvalidTypeMapping => "invalid type mapping",
            InvalidTypeValue => "invalid type value",
            InvalidTypedValue => "invalid typed value",
            InvalidValueObject => "invalid value object",
            InvalidValueObjectValue => "invalid value object value",
            InvalidVocabMapping => "invalid vocab mapping",
            IriConfusedWithPrefix => "IRI confused with prefix",
            KeywordRedefinition => "keyword redefinition",
            LoadingDocumentFailed => "loading document failed",
            LoadingRemoteContextFailed => "loading remote context failed",
            ProcessingModeConflict => "processing mode conflict",
            ProtectedTermRedefinition => "protected term redefinition",
            RecursiveContextInclusion => "recursive context inclusion",
            ConflictingIndexes => "conflicting indexes",
            SafeModeViolation => "safe mode violation",
            LimitExceeded => "limit exceeded",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A JSON-LD processing failure: the spec error code, what was wrong, and
/// where in the input document (JSON Pointer) when known.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct JsonLdError {
    code: ErrorCode,
    message: String,
    pointer: Option<String>,
    unavailable: Option<String>,
}

impl JsonLdError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        JsonLdError {
            code,
            message: message.into(),
            pointer: None,
            unavailable: None,
        }
    }

    /// A context document that could not be loaded: no loader knows `url`, or it failed.
    pub(crate) fn loading_failed(url: &str, error: &super::LoadError) -> Self {
        let mut e = JsonLdError::new(
            ErrorCode::LoadingRemoteContextFailed,
            format!("{url}: {error}"),
        );
        if matches!(error, super::LoadError::NotFound(_)) {
            e.unavailable = Some(url.to_owned());
        }
        e
    }

    pub(crate) fn at(mut self, pointer: String) -> Self {
        if self.pointer.is_none() {
            self.pointer = Some(pointer);
        }
        self
    }

    /// The error kind.
    pub fn kind(&self) -> ErrorCode {
        self.code
    }

    /// The W3C error code string, comparable to the test suite's `expectErrorCode`.
    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// A human-readable description of the problem (term, IRI or value involved).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// JSON Pointer (RFC 6901) into the input document, when known.
    pub fn pointer(&self) -> Option<&str> {
        self.pointer.as_deref()
    }

    /// The URL of a context document that is neither bundled nor supplied by the caller, when
    /// that is why processing failed (register it to go on; nothing is ever fetched).
    pub fn unavailable_document(&self) -> Option<&str> {
        self.unavailable.as_deref()
    }
}

impl fmt::Display for JsonLdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(p) = &self.pointer {
            write!(f, " (at {p:?})")?;
        }
        Ok(())
    }
}

pub(crate) type Result<T> = std::result::Result<T, JsonLdError>;

pub(crate) fn err<T>(code: ErrorCode, message: impl Into<String>) -> Result<T> {
    Err(JsonLdError::new(code, message))
}
