//! The CYPP shape of an item: where we are now (baseline), where we want to be (ambition,
//! often a number for 2016) and dated key milestones, each done, due or overdue.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Due;

/// "Where do we want to be": the words, and the number where the plan states one
/// ("90% of 16-18 year olds in learning" is 90 and "%").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ambition {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Ambition {
    /// The number and unit as shown ("90%", "2400 per 100,000 population"); `None` without
    /// a number.
    pub fn figure(&self) -> Option<String> {
        let v = self.value?;
        let num = if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        };
        Some(match self.unit.as_deref() {
            Some("%") => format!("{num}%"),
            Some(u) if !u.is_empty() => format!("{num} {u}"),
            _ => num,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    pub text: String,
    /// Recorded as achieved.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub done: bool,
}

/// Where a milestone stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneState {
    Done,
    /// Past its deadline and not done.
    Overdue,
    /// Its deadline is today or later.
    Due,
    /// No date given: never overdue.
    Undated,
}

impl MilestoneState {
    pub fn word(self) -> &'static str {
        match self {
            MilestoneState::Done => "done",
            MilestoneState::Overdue => "overdue",
            MilestoneState::Due => "due",
            MilestoneState::Undated => "no date",
        }
    }

    /// A symbol beside the word, so colour is never the only signal.
    pub fn symbol(self) -> &'static str {
        match self {
            MilestoneState::Done => "✓",
            MilestoneState::Overdue => "!",
            MilestoneState::Due => "○",
            MilestoneState::Undated => "·",
        }
    }
}

impl Milestone {
    /// Done, or overdue once `today` is past the last day of its due day, month, year or
    /// financial year.
    pub fn state(&self, today: NaiveDate) -> MilestoneState {
        if self.done {
            return MilestoneState::Done;
        }
        match self.due {
            None => MilestoneState::Undated,
            Some(d) if d.deadline() < today => MilestoneState::Overdue,
            Some(_) => MilestoneState::Due,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ms(due: Option<&str>, done: bool) -> Milestone {
        Milestone {
            due: due.map(|d| d.parse().unwrap()),
            text: "x".into(),
            done,
        }
    }

    #[test]
    fn financial_year_milestone_is_due_until_the_end_of_march() {
        let m = ms(Some("2014/15"), false);
        assert_eq!(m.state(day(2015, 3, 31)), MilestoneState::Due);
        assert_eq!(m.state(day(2015, 4, 1)), MilestoneState::Overdue);
    }

    #[test]
    fn year_and_month_milestones() {
        assert_eq!(
            ms(Some("2016"), false).state(day(2016, 12, 31)),
            MilestoneState::Due
        );
        assert_eq!(
            ms(Some("2016"), false).state(day(2017, 1, 1)),
            MilestoneState::Overdue
        );
        assert_eq!(
            ms(Some("2013-09"), false).state(day(2013, 10, 1)),
            MilestoneState::Overdue
        );
    }

    #[test]
    fn done_and_undated_are_never_overdue() {
        assert_eq!(
            ms(Some("2013-09"), true).state(day(2020, 1, 1)),
            MilestoneState::Done
        );
        assert_eq!(
            ms(None, false).state(day(2020, 1, 1)),
            MilestoneState::Undated
        );
    }

    #[test]
    fn ambition_figure() {
        let a = Ambition {
            text: "90% of 16-18 year olds in learning".into(),
            value: Some(90.0),
            unit: Some("%".into()),
        };
        assert_eq!(a.figure().as_deref(), Some("90%"));
        let b = Ambition {
            text: "t".into(),
            value: Some(2400.0),
            unit: Some("per 100,000 population".into()),
        };
        assert_eq!(b.figure().as_deref(), Some("2400 per 100,000 population"));
        let c = Ambition {
            text: "t".into(),
            value: None,
            unit: Some("%".into()),
        };
        assert_eq!(c.figure(), None);
    }
}
