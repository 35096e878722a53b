//! A plan's own cadence: the span of time each review period covers, which period a
//! meeting date falls in, and the plan's next period by its own rhythm and naming.
//!
//! The rule (docs/file-format.md, "Periods and their spans"):
//! - A period dated on the last day of a month closes a span ("Review 2014/15", dated
//!   2015-03-31, covers April 2014 to March 2015): its span runs from the day after the
//!   previous dated period to its date.
//! - Any other date opens one ("RAG 01/18", dated 2018-01-01): its span runs from its date
//!   to the day before the next dated period.
//! - The first span of a closing plan and the last span of an opening plan are one cadence
//!   long; the cadence is the usual gap between the plan's dated periods, in months (or, with
//!   fewer than two, 12 for a plan whose labels name financial years, else 1).
//! - An undated period ("RAG initial") covers no span: it is a baseline, always past.
//! - A period is past when its span ended before the meeting date.

use chrono::{Datelike, Months, NaiveDate};

use super::{Period, Plan};

/// The days a period covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Span {
    pub fn holds(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

fn is_month_end(d: NaiveDate) -> bool {
    d.succ_opt().is_none_or(|n| n.day() == 1)
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let first = d.with_day(1).unwrap_or(d);
    first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// `d` moved by `n` months (back when negative); a month's last day stays a month's last
/// day (31 March + 11 months is 29 February in a leap year, 28 otherwise).
fn shift_months(d: NaiveDate, n: i64) -> NaiveDate {
    let by = Months::new(u32::try_from(n.unsigned_abs()).unwrap_or(u32::MAX));
    let moved = if n >= 0 {
        d.checked_add_months(by)
    } else {
        d.checked_sub_months(by)
    }
    .unwrap_or(d);
    if is_month_end(d) {
        month_end(moved)
    } else {
        moved
    }
}

fn months_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month()) - i64::from(a.month())
}

/// "2014/15" in a label: a financial year.
fn names_a_year(label: &str) -> bool {
    let b = label.as_bytes();
    b.windows(7).any(|w| {
        w[..4].iter().all(u8::is_ascii_digit)
            && w[4] == b'/'
            && w[5..].iter().all(u8::is_ascii_digit)
    })
}

/// Dated periods, by their index in the plan, in date order.
fn dated(plan: &Plan) -> Vec<(usize, NaiveDate)> {
    let mut out: Vec<(usize, NaiveDate)> = plan
        .periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.date.map(|d| (i, d)))
        .collect();
    out.sort_by_key(|&(i, d)| (d, i));
    out
}

/// The plan's cadence in months: the usual (median) gap between its dated periods.
pub fn cadence_months(plan: &Plan) -> u32 {
    let dates = dated(plan);
    let mut gaps: Vec<i64> = dates
        .windows(2)
        .map(|w| months_between(w[0].1, w[1].1))
        .filter(|g| *g > 0)
        .collect();
    if gaps.is_empty() {
        let yearly = plan.periods.iter().any(|p| names_a_year(&p.label));
        return if yearly { 12 } else { 1 };
    }
    gaps.sort_unstable();
    u32::try_from(gaps[gaps.len() / 2]).unwrap_or(1).max(1)
}

/// The span of each period, by index (`None` for an undated one).
pub fn spans(plan: &Plan) -> Vec<Option<Span>> {
    let cadence = cadence_months(plan);
    let dates = dated(plan);
    let mut out = vec![None; plan.periods.len()];
    for (k, &(i, d)) in dates.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| dates[j].1);
        let next = dates.get(k + 1).map(|n| n.1);
        let span = if is_month_end(d) {
            let start = match prev {
                Some(p) if p < d => p.succ_opt().unwrap_or(p),
                _ => shift_months(d, -i64::from(cadence)).succ_opt().unwrap_or(d),
            };
            Span { start, end: d }
        } else {
            let end = match next {
                Some(n) if n > d => n.pred_opt().unwrap_or(n),
                _ => shift_months(d, i64::from(cadence)).pred_opt().unwrap_or(d),
            };
            Span { start: d, end }
        };
        out[i] = Some(span);
    }
    out
}

/// The period whose span holds `date`. A plan with no dated periods falls back to the id
/// of the date's month ("01-18"), as monthly trackers name their columns.
pub fn period_at(plan: &Plan, date: NaiveDate) -> Option<usize> {
    if dated(plan).is_empty() {
        let id = super::period_for(date).id;
        return plan.periods.iter().position(|p| p.id == id);
    }
    spans(plan)
        .iter()
        .position(|s| s.is_some_and(|s| s.holds(date)))
}

/// Is period `i` past at `date`: its span ended before it (an undated period is a
/// baseline, always past; without dates at all, every period but the date's own is).
pub fn is_past(plan: &Plan, i: usize, date: NaiveDate) -> bool {
    if dated(plan).is_empty() {
        return period_at(plan, date) != Some(i);
    }
    match spans(plan).get(i) {
        Some(Some(span)) => span.end < date,
        _ => true,
    }
}

/// Replace the first of `from` found in `text` by the matching one of `to`.
fn swap_token(text: &str, pairs: &[(String, String)]) -> Option<String> {
    pairs
        .iter()
        .find(|(old, _)| text.contains(old.as_str()))
        .map(|(old, new)| text.replacen(old.as_str(), new, 1))
}

/// The tokens a period's date shows in its label or id, each with what a new date shows.
fn tokens(old: NaiveDate, new: NaiveDate, sep: char, closing: bool) -> Vec<(String, String)> {
    // A closing date names the financial year ending then ("2015/16" for 2016-03-31).
    let fy = |d: NaiveDate| {
        let (a, b) = if closing {
            (d.year() - 1, d.year())
        } else {
            (d.year(), d.year() + 1)
        };
        format!("{a}{sep}{:02}", b.rem_euclid(100))
    };
    let month = |d: NaiveDate| format!("{:02}{sep}{:02}", d.month(), d.year().rem_euclid(100));
    vec![
        (fy(old), fy(new)),
        (month(old), month(new)),
        (old.year().to_string(), new.year().to_string()),
    ]
}

/// The plan's period for a meeting on `date` that none of its periods covers: the next by
/// the plan's own cadence and naming ("Review 2016/17" after "Review 2015/16"; "RAG 07/18"
/// after "RAG 05/18"), dated so its span holds `date`. A plan without dated periods gets
/// a monthly one ("RAG 06/15").
pub fn next_period(plan: &Plan, date: NaiveDate) -> Period {
    if let Some(i) = period_at(plan, date) {
        // A period covers the date already: that is the meeting's.
        return plan.periods[i].clone();
    }
    let dates = dated(plan);
    let Some(&(last_i, last)) = dates.last() else {
        return super::period_for(date);
    };
    let cadence = cadence_months(plan);
    let closing = is_month_end(last);
    let mut d = last;
    // Step by the cadence until the new period's span holds the date (at most a century).
    for _ in 0..(1200 / cadence.max(1)) {
        d = shift_months(d, i64::from(cadence));
        let holds = if closing {
            date <= d
        } else {
            date < shift_months(d, i64::from(cadence))
        };
        if holds {
            break;
        }
    }
    let model = &plan.periods[last_i];
    let label = swap_token(&model.label, &tokens(last, d, '/', closing));
    let id = swap_token(&model.id, &tokens(last, d, '-', closing));
    match (label, id) {
        (Some(label), Some(id)) if plan.period(&id).is_none() => Period {
            id,
            label,
            date: Some(d),
        },
        _ => {
            // The plan's naming cannot be followed: name the period by its month.
            let mut p = super::period_for(d);
            p.date = Some(d);
            p
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn plan(periods: &[(&str, &str, Option<&str>)]) -> Plan {
        let mut p: Plan = crate::store::bundled().unwrap();
        p.periods = periods
            .iter()
            .map(|(id, label, date)| Period {
                id: id.to_string(),
                label: label.to_string(),
                date: date.map(day),
            })
            .collect();
        p
    }

    fn cypp() -> Plan {
        plan(&[
            ("2013-14", "Review 2013/14", Some("2014-03-31")),
            ("2014-15", "Review 2014/15", Some("2015-03-31")),
            ("2015-16", "Review 2015/16", Some("2016-03-31")),
        ])
    }

    fn tracker() -> Plan {
        plan(&[
            ("initial", "RAG initial", None),
            ("01-18", "RAG 01/18", Some("2018-01-01")),
            ("03-18", "RAG 03/18", Some("2018-03-01")),
            ("05-18", "RAG 05/18", Some("2018-05-01")),
        ])
    }

    #[test]
    fn a_yearly_review_covers_its_financial_year() {
        let p = cypp();
        assert_eq!(cadence_months(&p), 12);
        let s = spans(&p);
        assert_eq!(
            s[1],
            Some(Span {
                start: day("2014-04-01"),
                end: day("2015-03-31")
            })
        );
        assert_eq!(s[0].unwrap().start, day("2013-04-01"));
        // A meeting in June 2015 records into Review 2015/16, which is not past.
        assert_eq!(period_at(&p, day("2015-06-15")), Some(2));
        assert!(!is_past(&p, 2, day("2015-06-15")));
        assert!(is_past(&p, 1, day("2015-06-15")));
    }

    #[test]
    fn after_its_last_review_a_yearly_plan_offers_the_next_year() {
        let p = cypp();
        assert_eq!(period_at(&p, day("2016-06-15")), None);
        let next = next_period(&p, day("2016-06-15"));
        assert_eq!(next.label, "Review 2016/17");
        assert_eq!(next.id, "2016-17");
        assert_eq!(next.date, Some(day("2017-03-31")));
        let later = next_period(&p, day("2018-01-10"));
        assert_eq!(later.label, "Review 2017/18");
    }

    #[test]
    fn a_tracker_column_runs_to_the_next_one() {
        let p = tracker();
        assert_eq!(cadence_months(&p), 2);
        assert_eq!(period_at(&p, day("2018-02-01")), Some(1));
        assert_eq!(period_at(&p, day("2018-06-30")), Some(3));
        assert_eq!(period_at(&p, day("2018-07-01")), None);
        assert!(is_past(&p, 0, day("2018-02-01")), "the baseline");
        let next = next_period(&p, day("2018-07-15"));
        assert_eq!(
            (next.id.as_str(), next.label.as_str()),
            ("07-18", "RAG 07/18")
        );
        assert_eq!(next.date, Some(day("2018-07-01")));
        let far = next_period(&p, day("2018-10-02"));
        assert_eq!(far.label, "RAG 09/18");
    }

    #[test]
    fn one_dated_period_takes_its_cadence_from_its_name() {
        let p = plan(&[("2014-15", "Year end 2014/15", Some("2015-03-31"))]);
        assert_eq!(cadence_months(&p), 12);
        assert_eq!(period_at(&p, day("2014-05-01")), Some(0));
        assert_eq!(next_period(&p, day("2015-09-01")).label, "Year end 2015/16");
    }

    #[test]
    fn undated_plans_keep_monthly_columns() {
        let p = plan(&[("01-18", "RAG 01/18", None)]);
        assert_eq!(period_at(&p, day("2018-01-20")), Some(0));
        assert_eq!(next_period(&p, day("2018-06-02")).label, "RAG 06/18");
        assert!(!is_past(&p, 0, day("2018-01-20")));
        assert!(is_past(&p, 0, day("2018-06-02")));
    }
}
