//! Time for the audit trail, behind a trait so tests fix it.

use chrono::{DateTime, SubsecRound, Utc};

pub trait Clock: std::fmt::Debug + Send {
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock, to the second: the audit trail needs no more, and a file written to
/// the nanosecond diffs noisily.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(0)
    }
}

/// A clock that always says the same time.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}
