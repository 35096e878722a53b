//! Due dates: the source gives most at month precision ("Jan-18"), a few to the day.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A due date at month or day precision. Stored as "YYYY-MM" or "YYYY-MM-DD".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Due {
    Month { year: i32, month: u32 },
    Day(NaiveDate),
}

impl Due {
    /// The last day the item is still on time: the end of the month for month precision.
    pub fn deadline(&self) -> NaiveDate {
        match *self {
            Due::Day(d) => d,
            Due::Month { year, month } => {
                let (ny, nm) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                NaiveDate::from_ymd_opt(ny, nm, 1)
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(NaiveDate::MAX)
            }
        }
    }

    /// Human form: "Jan 2018" or "1 Apr 2018".
    pub fn human(&self) -> String {
        match *self {
            Due::Day(d) => d.format("%-d %b %Y").to_string(),
            Due::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1)
                .map(|d| d.format("%b %Y").to_string())
                .unwrap_or_else(|| self.to_string()),
        }
    }
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Due::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Due::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

impl FromStr for Due {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let expected = || format!("expected a date as YYYY-MM or YYYY-MM-DD, found {s:?}");
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(Due::Day(d));
        }
        let (y, m) = s.split_once('-').ok_or_else(expected)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(expected());
        }
        let year: i32 = y.parse().map_err(|_| expected())?;
        let month: u32 = m.parse().map_err(|_| expected())?;
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(expected)?;
        Ok(Due::Month {
            year: first.year(),
            month: first.month(),
        })
    }
}

impl Serialize for Due {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Due {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_precisions_and_round_trips() {
        for text in ["2018-01", "2018-04-01", "2016-12"] {
            let due: Due = text.parse().unwrap();
            assert_eq!(due.to_string(), text);
        }
    }

    #[test]
    fn month_deadline_is_the_last_day_of_the_month() {
        let due: Due = "2018-02".parse().unwrap();
        assert_eq!(
            due.deadline(),
            NaiveDate::from_ymd_opt(2018, 2, 28).unwrap()
        );
        let dec: Due = "2017-12".parse().unwrap();
        assert_eq!(
            dec.deadline(),
            NaiveDate::from_ymd_opt(2017, 12, 31).unwrap()
        );
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["Jan-18", "2018-13", "2018-1", "01/16/2018", ""] {
            assert!(bad.parse::<Due>().is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn human_form() {
        assert_eq!("2018-01".parse::<Due>().unwrap().human(), "Jan 2018");
        assert_eq!("2018-04-01".parse::<Due>().unwrap().human(), "1 Apr 2018");
    }
}
