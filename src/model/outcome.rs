//! The CYPP shape of an item: where we are now (baseline), where we want to be (ambition,
//! often a number for 2016) and dated key milestones, each done, due or overdue.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Due;

/// "Where do we want to be": the words, and the number where the plan states one
/// ("90% of 16-18 year olds in learning" is 90 and "%"). Written as plain words
/// (`ambition: "..."`) or, with a number, `ambition: Ambition(text: "...", value: 90.0,
/// unit: "%")`; saved in the shortest of the two forms that keeps everything.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambition {
    pub text: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
}

/// The struct form, for writing.
#[derive(Serialize)]
#[serde(rename = "Ambition")]
struct AmbitionOut<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
}

impl Serialize for Ambition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.value.is_none() && self.unit.is_none() {
            return s.serialize_str(&self.text);
        }
        AmbitionOut {
            text: &self.text,
            value: self.value,
            unit: self.unit.as_deref(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Ambition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, Visitor};
        const FIELDS: &[&str] = &["text", "value", "unit"];
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ambition;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "the ambition's words, or Ambition(text: \"...\", value: 90.0, unit: \"%\")",
                )
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Ambition, E> {
                Ok(Ambition {
                    text: v.to_string(),
                    value: None,
                    unit: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ambition, A::Error> {
                let (mut text, mut value, mut unit) = (None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_none() => text = Some(map.next_value::<String>()?),
                        "value" if value.is_none() => {
                            value = Some(map.next_value::<Option<f64>>()?)
                        }
                        "unit" if unit.is_none() => {
                            unit = Some(map.next_value::<Option<String>>()?)
                        }
                        "text" | "value" | "unit" => {
                            return Err(A::Error::duplicate_field("ambition field"));
                        }
                        other => return Err(A::Error::unknown_field(other, FIELDS)),
                    }
                }
                Ok(Ambition {
                    text: text.ok_or_else(|| A::Error::missing_field("text"))?,
                    value: value.flatten(),
                    unit: unit.flatten(),
                })
            }
        }
        d.deserialize_any(V)
    }
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
    /// The board's calls on it at its meetings, oldest first: met, missed, or a new date
    /// (the latest stands; the date it replaced is kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<super::Call>,
}

/// Where a milestone stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    Done,
    /// The board called it missed.
    Missed,
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
            MilestoneState::Missed => "missed",
            MilestoneState::Overdue => "overdue",
            MilestoneState::Due => "due",
            MilestoneState::Undated => "no date",
        }
    }

    /// A symbol beside the word, so colour is never the only signal.
    pub fn symbol(self) -> &'static str {
        match self {
            MilestoneState::Done => "✓",
            MilestoneState::Missed => "✗",
            MilestoneState::Overdue => "!",
            MilestoneState::Due => "○",
            MilestoneState::Undated => "·",
        }
    }
}

/// How many milestones stand in each state on a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MilestoneCounts {
    pub done: usize,
    /// Called missed by the board.
    pub missed: usize,
    pub due: usize,
    pub overdue: usize,
    pub undated: usize,
}

impl MilestoneCounts {
    /// Count `milestones` by their state on `today`.
    pub fn of<'a>(milestones: impl IntoIterator<Item = &'a Milestone>, today: NaiveDate) -> Self {
        let mut c = MilestoneCounts::default();
        for m in milestones {
            match m.state(today) {
                MilestoneState::Done => c.done += 1,
                MilestoneState::Missed => c.missed += 1,
                MilestoneState::Due => c.due += 1,
                MilestoneState::Overdue => c.overdue += 1,
                MilestoneState::Undated => c.undated += 1,
            }
        }
        c
    }

    pub fn total(&self) -> usize {
        self.done + self.missed + self.due + self.overdue + self.undated
    }

    /// "2 overdue, 1 due, 1 done" (states with none left out), in order of urgency.
    pub fn words(&self) -> String {
        [
            (self.overdue, MilestoneState::Overdue),
            (self.missed, MilestoneState::Missed),
            (self.due, MilestoneState::Due),
            (self.done, MilestoneState::Done),
            (self.undated, MilestoneState::Undated),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, s)| format!("{n} {}", s.word()))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

impl Milestone {
    /// The date it is due by now: the latest new date the board gave it, else its own.
    pub fn due_now(&self) -> Option<Due> {
        self.calls
            .iter()
            .rev()
            .find(|c| c.kind == super::CallKind::Changed)
            .and_then(|c| c.due)
            .or(self.due)
    }

    /// The board's latest call on it, if any.
    pub fn last_call(&self) -> Option<&super::Call> {
        self.calls.last()
    }

    /// Done (recorded so, or called met), missed (called so), or by its date as it stands
    /// now (a new date replaces the old): overdue once `today` is past the last day of its
    /// due day, month, year or financial year.
    pub fn state(&self, today: NaiveDate) -> MilestoneState {
        match self.last_call().map(|c| c.kind) {
            Some(super::CallKind::Met) => return MilestoneState::Done,
            Some(super::CallKind::Missed) => return MilestoneState::Missed,
            _ if self.done => return MilestoneState::Done,
            _ => {}
        }
        match self.due_now() {
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
            calls: Vec::new(),
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
    fn counts_by_state_on_a_day() {
        let ms = [
            ms(Some("2013-09"), true),
            ms(Some("2013/14"), false),
            ms(Some("2015"), false),
            ms(None, false),
            ms(Some("2014-05-31"), false),
        ];
        let c = MilestoneCounts::of(&ms, day(2014, 6, 1));
        assert_eq!(
            c,
            MilestoneCounts {
                done: 1,
                missed: 0,
                due: 1,
                overdue: 2,
                undated: 1
            }
        );
        assert_eq!(c.total(), 5);
        assert_eq!(c.words(), "2 overdue, 1 due, 1 done, 1 no date");
    }

    #[test]
    fn ambition_reads_words_or_the_struct_and_writes_the_shortest() {
        let plain: Ambition = ron::from_str(r#""30 per 1,000 by 2016""#).unwrap();
        assert_eq!(plain.text, "30 per 1,000 by 2016");
        assert_eq!(plain.value, None);
        assert_eq!(ron::to_string(&plain).unwrap(), r#""30 per 1,000 by 2016""#);
        // As in a plan file, with implicit Some.
        let full: Ambition = ron::from_str(
            "#![enable(implicit_some)]\nAmbition(text: \"90% in learning\", value: 90.0, unit: \"%\")",
        )
        .unwrap();
        assert_eq!((full.value, full.unit.as_deref()), (Some(90.0), Some("%")));
        let written = ron::to_string(&full).unwrap();
        let back: Ambition =
            ron::from_str(&format!("#![enable(implicit_some)]\n{written}")).unwrap();
        assert_eq!(back, full);
        for bad in [
            r#"Ambition(value: 90.0)"#,
            r#"Ambition(text: "x", target: 1)"#,
            r#"Ambition(text: "x", text: "y")"#,
            "90",
        ] {
            assert!(
                ron::from_str::<Ambition>(bad).is_err(),
                "{bad} should not parse"
            );
        }
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
