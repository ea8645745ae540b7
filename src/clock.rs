//! Injectable time source.
//!
//! Library code never reads the system time on its own: builders and verifiers take a date or a
//! [`Clock`], so tests and reproducible builds can pin "now".
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use openbadges::clock::{Clock, FixedClock, SystemClock};
//!
//! let pinned = FixedClock(Utc.with_ymd_and_hms(2025, 1, 31, 12, 0, 0).unwrap());
//! assert_eq!(pinned.now().to_rfc3339(), "2025-01-31T12:00:00+00:00");
//! assert!(SystemClock.now() > pinned.now());
//! ```

use chrono::{DateTime, Utc};

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant (tests, reproducible issuing, verifying "as of" a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}
