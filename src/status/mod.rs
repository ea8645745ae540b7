//! Credential status (placeholder).
