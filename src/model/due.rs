//! Due dates: the development plan gives most at month precision ("Jan-18"), a few to the
//! day; the CYPP dates milestones by month, by year ("2016") or by financial year ("2014/15",
//! April to March).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A due date at day, month, year or financial-year precision. Stored as "YYYY-MM-DD",
/// "YYYY-MM", "YYYY" or "YYYY/YY" (the financial year 1 April YYYY to 31 March YYYY+1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Due {
    Month {
        year: i32,
        month: u32,
    },
    Day(NaiveDate),
    Year(i32),
    /// The financial year starting 1 April of this year.
    FinancialYear(i32),
}

impl Due {
    /// The last day the item is still on time: the end of the month, the year (31 December)
    /// or the financial year (31 March) for those precisions.
    pub fn deadline(&self) -> NaiveDate {
        match *self {
            Due::Day(d) => d,
            Due::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
            Due::FinancialYear(y) => y
                .checked_add(1)
                .and_then(|next| NaiveDate::from_ymd_opt(next, 3, 31))
                .unwrap_or(NaiveDate::MAX),
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

    /// Human form: "Jan 2018", "1 Apr 2018", "2016" or "2014/15".
    pub fn human(&self) -> String {
        match *self {
            Due::Day(d) => d.format("%-d %b %Y").to_string(),
            Due::Year(_) | Due::FinancialYear(_) => self.to_string(),
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
            Due::Year(y) => write!(f, "{y:04}"),
            Due::FinancialYear(y) => write!(f, "{y:04}/{:02}", (y + 1).rem_euclid(100)),
        }
    }
}

impl FromStr for Due {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let expected = || {
            format!(
                "expected a date as YYYY-MM-DD, YYYY-MM, YYYY or a financial year YYYY/YY, found {s:?}"
            )
        };
        let four_digits = |t: &str| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit());
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(Due::Day(d));
        }
        if four_digits(s) {
            let year: i32 = s.parse().map_err(|_| expected())?;
            return Ok(Due::Year(year));
        }
        // (Only with a four-digit year: chrono would read "31/01/18" as the year 18.)
        if s.matches('/').count() == 2 && s.rsplit('/').next().is_some_and(four_digits) {
            // "01/02/2018" is read the UK way, day first: 1 February, never January 2.
            return NaiveDate::parse_from_str(s, "%d/%m/%Y")
                .map(Due::Day)
                .map_err(|_| {
                    format!("{s:?} is not a date read day first (DD/MM/YYYY, as in the UK)")
                });
        }
        if let Some((y, yy)) = s.split_once('/') {
            // "2014/15": the second year must be the one after the first.
            if !four_digits(y) || yy.len() != 2 || !yy.bytes().all(|b| b.is_ascii_digit()) {
                return Err(expected());
            }
            let year: i32 = y.parse().map_err(|_| expected())?;
            let next: i32 = yy.parse().map_err(|_| expected())?;
            if (year + 1).rem_euclid(100) != next {
                return Err(format!(
                    "financial year {s:?} does not run into the next year: expected {year}/{:02}",
                    (year + 1).rem_euclid(100)
                ));
            }
            return Ok(Due::FinancialYear(year));
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
mod uk_dates {
    use super::*;

    #[test]
    fn slashed_dates_are_read_day_first() {
        let d = |y, m, d| Due::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!("01/02/2018".parse::<Due>(), Ok(d(2018, 2, 1)));
        assert_eq!("31/01/2018".parse::<Due>(), Ok(d(2018, 1, 31)));
        // Month first would be 13 January: refused, never read as such.
        assert!("01/13/2018".parse::<Due>().is_err());
        // A two-digit year is not the year 18.
        assert!("31/01/18".parse::<Due>().is_err());
        // Written back in the canonical form.
        assert_eq!(
            "01/02/2018".parse::<Due>().unwrap().to_string(),
            "2018-02-01"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_precisions_and_round_trips() {
        for text in [
            "2018-01",
            "2018-04-01",
            "2016-12",
            "2016",
            "2014/15",
            "1999/00",
        ] {
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
        for bad in [
            "Jan-18",
            "2018-13",
            "2018-1",
            "01/16/2018",
            "",
            "2014/16",
            "2014/2015",
            "14/15",
            "201",
            "+2016",
        ] {
            assert!(bad.parse::<Due>().is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn year_and_financial_year_deadlines() {
        let y: Due = "2016".parse().unwrap();
        assert_eq!(y.deadline(), NaiveDate::from_ymd_opt(2016, 12, 31).unwrap());
        let fy: Due = "2014/15".parse().unwrap();
        assert_eq!(fy, Due::FinancialYear(2014));
        assert_eq!(fy.deadline(), NaiveDate::from_ymd_opt(2015, 3, 31).unwrap());
        let turn: Due = "1999/00".parse().unwrap();
        assert_eq!(
            turn.deadline(),
            NaiveDate::from_ymd_opt(2000, 3, 31).unwrap()
        );
    }

    #[test]
    fn human_form() {
        assert_eq!("2016".parse::<Due>().unwrap().human(), "2016");
        assert_eq!("2015/16".parse::<Due>().unwrap().human(), "2015/16");
        assert_eq!("2018-01".parse::<Due>().unwrap().human(), "Jan 2018");
        assert_eq!("2018-04-01".parse::<Due>().unwrap().human(), "1 Apr 2018");
    }
}
