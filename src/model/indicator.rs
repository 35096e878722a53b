//! Performance indicators over time: their monthly series on a common axis (missing months
//! kept as gaps), the direction of travel judged by polarity, and a text sparkline.

use chrono::{Datelike, NaiveDate};

use super::rollup::{self, Dot};
use super::{Indicator, Plan, Polarity};

/// Direction of travel of an indicator, with whether it is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Travel {
    pub dot: Dot,
    /// `None` when the value held, or the indicator has no polarity.
    pub better: Option<bool>,
}

impl Travel {
    /// A word a colour-blind reader gets: "better", "worse", "same", or the plain movement.
    pub fn word(&self) -> &'static str {
        match (self.better, self.dot) {
            (Some(true), _) => "better",
            (Some(false), _) => "worse",
            (None, d) => d.word(),
        }
    }
}

fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// "YYYY-MM" (the only form validation lets in) by hand: `months` reads every indicator
/// value of the plan (once per load, for the index), and chrono's format parser on a
/// string made per value was most of that walk.
fn parse_month(key: &str) -> Option<NaiveDate> {
    let b = key.as_bytes();
    if b.len() != 7 || b[4] != b'-' || !b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit) {
        return None;
    }
    NaiveDate::from_ymd_opt(key[..4].parse().ok()?, key[5..].parse().ok()?, 1)
}

/// Every month from the plan's first indicator value to its last ("YYYY-MM"), so series of
/// different indicators line up and a month nobody reported is a gap, not a skip.
pub fn months(plan: &Plan) -> Vec<String> {
    let keys = plan
        .priorities
        .iter()
        .flat_map(|p| &p.indicators)
        .flat_map(|i| i.values.keys())
        .filter_map(|k| parse_month(k));
    let (Some(first), Some(last)) = (keys.clone().min(), keys.max()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        out.push(month_key(d));
        d = match d.checked_add_months(chrono::Months::new(1)) {
            Some(next) => next,
            None => break,
        };
    }
    out
}

/// The indicator's values on the `months` axis (`None` where it has none).
pub fn series(ind: &Indicator, months: &[String]) -> Vec<Option<f64>> {
    months.iter().map(|m| ind.values.get(m).copied()).collect()
}

/// The latest value and the movement from the value before it (skipping missing months),
/// judged by polarity: a fall is better when lower is better.
pub fn travel(values: &[Option<f64>], polarity: Option<Polarity>) -> Option<Travel> {
    let mut present = values.iter().rev().flatten();
    let last = *present.next()?;
    let before = *present.next()?;
    let dot = rollup::dot(Some(before), Some(last))?;
    Some(Travel {
        dot,
        better: polarity.and_then(|p| rollup::is_better(dot, p)),
    })
}

/// Where an indicator's direction of travel comes from: the positions (in `values`) of its
/// latest value and of the latest earlier one, which a missing month never is.
pub fn travel_points(values: &[Option<f64>]) -> Option<(usize, usize)> {
    let mut present = values.iter().enumerate().rev().filter(|(_, v)| v.is_some());
    let (last, _) = present.next()?;
    let (before, _) = present.next()?;
    Some((before, last))
}

/// "Mar 2018" for "2018-03".
pub fn month_year_label(key: &str) -> String {
    parse_month(key).map_or_else(|| key.to_string(), |d| d.format("%b %Y").to_string())
}

/// The latest present value.
pub fn latest(values: &[Option<f64>]) -> Option<f64> {
    values.iter().rev().flatten().next().copied()
}

/// Bars for values, scaled between the series' lowest and highest; a missing month is a
/// "·" (a gap, never a zero bar). A flat series is drawn at mid height.
pub fn sparkline(values: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let present = values.iter().flatten();
    let lo = present.clone().copied().fold(f64::INFINITY, f64::min);
    let hi = present.copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|v| match v {
            None => '·',
            Some(_) if hi - lo < 1e-12 => BARS[3],
            Some(v) => {
                let k = ((v - lo) / (hi - lo) * 7.0).round() as usize;
                BARS[k.min(7)]
            }
        })
        .collect()
}

/// "Jul" for "2017-07".
pub fn month_label(key: &str) -> String {
    parse_month(key).map_or_else(|| key.to_string(), |d| d.format("%b").to_string())
}

/// A value in its unit: "97.1%", "10", "215.5 days".
pub fn value_text(value: f64, unit: &str) -> String {
    let n = if value.fract().abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    match unit {
        "%" => format!("{n}%"),
        "count" | "" => n,
        other => format!("{n} {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_key_reads_as_chrono_reads_it_in_the_validated_form() {
        for key in [
            "2019-01",
            "2019-12",
            "0001-06",
            "2019-13",
            "2019-00",
            "2019-1",
            "19-01",
            "2019/01",
            "2019-01-05",
            "",
            "abcd-ef",
            "+201-01",
        ] {
            let by_chrono = NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
                .ok()
                .filter(|_| key.len() == 7 && !key.starts_with('+'));
            assert_eq!(parse_month(key), by_chrono, "{key:?}");
        }
    }

    #[test]
    fn direction_of_travel_follows_polarity() {
        let falling = [Some(20.0), Some(15.0)];
        let lower = travel(&falling, Some(Polarity::LowerIsBetter)).unwrap();
        assert_eq!((lower.dot, lower.better), (Dot::Down, Some(true)));
        assert_eq!(lower.word(), "better");
        let higher = travel(&falling, Some(Polarity::HigherIsBetter)).unwrap();
        assert_eq!((higher.dot, higher.better), (Dot::Down, Some(false)));
        assert_eq!(higher.word(), "worse");
        let rising = [Some(1.0), None, Some(3.0), None];
        let t = travel(&rising, Some(Polarity::LowerIsBetter)).unwrap();
        assert_eq!((t.dot, t.better), (Dot::Up, Some(false)));
        // No polarity: the movement without a verdict.
        let t = travel(&rising, None).unwrap();
        assert_eq!((t.dot, t.better, t.word()), (Dot::Up, None, "up"));
        let same = travel(&[Some(5.0), Some(5.0)], Some(Polarity::HigherIsBetter)).unwrap();
        assert_eq!(
            (same.dot, same.better, same.word()),
            (Dot::Same, None, "same")
        );
        assert!(travel(&[Some(1.0), None], None).is_none());
    }

    #[test]
    fn sparkline_shows_gaps_not_zeros() {
        assert_eq!(sparkline(&[Some(0.0), None, Some(7.0)]), "▁·█");
        assert_eq!(sparkline(&[Some(5.0), Some(5.0), None]), "▄▄·");
        assert_eq!(sparkline(&[None, None]), "··");
        assert_eq!(sparkline(&[Some(1.0), Some(4.5), Some(8.0)]), "▁▅█");
    }

    #[test]
    fn months_span_the_plan_with_gaps() {
        let plan = crate::store::bundled().unwrap();
        let m = months(&plan);
        assert_eq!(
            m,
            [
                "2017-07", "2017-08", "2017-09", "2017-10", "2017-11", "2017-12"
            ]
        );
        let peps = plan
            .priorities
            .iter()
            .flat_map(|p| &p.indicators)
            .find(|i| i.name.starts_with("PEPs up to date"))
            .unwrap();
        assert_eq!(
            series(peps, &m),
            [None, None, Some(97.1), None, None, Some(88.8)]
        );
        assert_eq!(month_label("2017-07"), "Jul");
    }

    #[test]
    fn values_in_their_units() {
        assert_eq!(value_text(97.1, "%"), "97.1%");
        assert_eq!(value_text(10.0, "count"), "10");
        assert_eq!(value_text(215.5, "days"), "215.5 days");
    }

    #[test]
    fn the_direction_names_the_months_it_compares() {
        let v = [Some(3.0), Some(5.0), None, Some(4.0), None];
        assert_eq!(travel_points(&v), Some((1, 3)));
        assert_eq!(travel_points(&[Some(1.0)]), None);
        assert_eq!(month_year_label("2018-03"), "Mar 2018");
    }
}
