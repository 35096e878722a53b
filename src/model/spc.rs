//! Statistical process control as NHS England's "Making Data Count" applies it to board
//! reports: an XmR chart's mean and process limits, and three rules that say a change is
//! real rather than noise. Pure functions over a series in time order; missing values are
//! left out (they neither start nor break a run).
//!
//! Limits are mean ± 3σ with σ estimated from the mean moving range (σ = MR̄ / 1.128, so
//! the limits are mean ± 2.66 MR̄), as XmR charts and Making Data Count do.

use super::Polarity;

/// A run of this many points on one side of the mean is a shift.
pub const RUN: usize = 7;
/// This many points each higher (or each lower) than the one before is a trend.
pub const TREND: usize = 6;

/// Above or below the mean (or the limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    High,
    Low,
}

/// The mean and process limits of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub mean: f64,
    pub lower: f64,
    pub upper: f64,
    /// Points the figures come from.
    pub points: usize,
}

/// What the rules found at one point (each `None` when that rule is silent there).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signal {
    /// Outside the process limits.
    pub outside: Option<Side>,
    /// Part of a run of `RUN` or more on one side of the mean.
    pub run: Option<Side>,
    /// Part of a trend of `TREND` or more rising (High) or falling (Low).
    pub trend: Option<Side>,
}

impl Signal {
    pub fn any(&self) -> bool {
        self.outside.is_some() || self.run.is_some() || self.trend.is_some()
    }

    /// The side of the signal, for judging it good or bad (limits first, as the strongest).
    pub fn side(&self) -> Option<Side> {
        self.outside.or(self.run).or(self.trend)
    }

    /// Short words for the rules that fired: "outside limits", "run of 7", "trend of 6".
    pub fn words(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.outside.is_some() {
            out.push("outside limits");
        }
        if self.run.is_some() {
            out.push("run of 7");
        }
        if self.trend.is_some() {
            out.push("trend of 6");
        }
        out
    }
}

/// How the latest point reads, given the indicator's polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variation {
    /// No rule fires at the latest point: common-cause variation.
    Common,
    Improvement,
    Concern,
    /// A signal on an indicator with no polarity: real, but neither good nor bad is known.
    Special(Side),
}

/// Mean and limits of the present values; `None` with fewer than two points.
pub fn limits(values: &[Option<f64>]) -> Option<Limits> {
    let xs: Vec<f64> = values.iter().flatten().copied().collect();
    if xs.len() < 2 {
        return None;
    }
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    let mr = xs.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (xs.len() - 1) as f64;
    let half = 2.66 * mr;
    Some(Limits {
        mean,
        lower: mean - half,
        upper: mean + half,
        points: xs.len(),
    })
}

/// The signals at each position of `values` (default where the value is missing).
pub fn signals(values: &[Option<f64>]) -> Vec<Signal> {
    let mut out = vec![Signal::default(); values.len()];
    let Some(lim) = limits(values) else {
        return out;
    };
    let present: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    for &(i, v) in &present {
        out[i].outside = if v > lim.upper {
            Some(Side::High)
        } else if v < lim.lower {
            Some(Side::Low)
        } else {
            None
        };
    }
    // Runs: a point on the mean belongs to neither side and ends a run.
    let side_of = |v: f64| {
        if v > lim.mean {
            Some(Side::High)
        } else if v < lim.mean {
            Some(Side::Low)
        } else {
            None
        }
    };
    mark_stretches(
        &present,
        &mut out,
        RUN,
        |_, v| side_of(v),
        |s, side| s.run = Some(side),
    );
    // Trends: each point compared with the one before; a tie ends a trend.
    let mut dirs: Vec<Option<Side>> = vec![None];
    dirs.extend(present.windows(2).map(|w| {
        if w[1].1 > w[0].1 {
            Some(Side::High)
        } else if w[1].1 < w[0].1 {
            Some(Side::Low)
        } else {
            None
        }
    }));
    // A trend of N points is N-1 steps in one direction; the first point of the trend is
    // the one before the first step.
    let mut k = 1;
    while k < present.len() {
        let Some(d) = dirs[k] else {
            k += 1;
            continue;
        };
        let mut end = k;
        while end + 1 < present.len() && dirs[end + 1] == Some(d) {
            end += 1;
        }
        if end - k + 2 >= TREND {
            for &(i, _) in &present[k - 1..=end] {
                out[i].trend = Some(d);
            }
        }
        k = end + 1;
    }
    out
}

/// Mark every stretch of `min` or more consecutive present points on which `key` gives the
/// same `Some` side.
fn mark_stretches(
    present: &[(usize, f64)],
    out: &mut [Signal],
    min: usize,
    key: impl Fn(usize, f64) -> Option<Side>,
    mut mark: impl FnMut(&mut Signal, Side),
) {
    let mut start = 0;
    while start < present.len() {
        let (i0, v0) = present[start];
        let Some(side) = key(i0, v0) else {
            start += 1;
            continue;
        };
        let mut end = start;
        while end + 1 < present.len() && key(present[end + 1].0, present[end + 1].1) == Some(side) {
            end += 1;
        }
        if end - start + 1 >= min {
            for &(i, _) in &present[start..=end] {
                mark(&mut out[i], side);
            }
        }
        start = end + 1;
    }
}

/// How the latest present point reads: common cause, or a signal that is good or bad news
/// given the polarity.
pub fn latest(values: &[Option<f64>], polarity: Option<Polarity>) -> Option<Variation> {
    let last = values.iter().rposition(Option::is_some)?;
    // One value has no limits to judge it by: no reading at all, not "common cause".
    limits(values)?;
    let signal = signals(values)[last];
    let Some(side) = signal.side() else {
        return Some(Variation::Common);
    };
    Some(match (side, polarity) {
        (Side::High, Some(Polarity::HigherIsBetter))
        | (Side::Low, Some(Polarity::LowerIsBetter)) => Variation::Improvement,
        (_, Some(_)) => Variation::Concern,
        (side, None) => Variation::Special(side),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(xs: &[f64]) -> Vec<Option<f64>> {
        xs.iter().map(|x| Some(*x)).collect()
    }

    #[test]
    fn limits_are_mean_plus_minus_2_66_mean_moving_range() {
        let l = limits(&s(&[10.0, 12.0, 10.0, 12.0])).unwrap();
        assert_eq!(l.mean, 11.0);
        // Moving ranges 2, 2, 2: mean 2, so ±5.32.
        assert!((l.upper - 16.32).abs() < 1e-9, "{l:?}");
        assert!((l.lower - 5.68).abs() < 1e-9, "{l:?}");
        assert_eq!(l.points, 4);
        assert!(limits(&[Some(1.0), None]).is_none());
    }

    #[test]
    fn a_point_outside_the_limits() {
        // Steady around 10 with small wobble, then a jump to 30.
        let v = s(&[
            10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 30.0,
        ]);
        let sig = signals(&v);
        assert_eq!(sig[11].outside, Some(Side::High));
        assert!(sig[..11].iter().all(|s| s.outside.is_none()));
        let low = s(&[
            10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, -10.0,
        ]);
        assert_eq!(signals(&low)[11].outside, Some(Side::Low));
    }

    #[test]
    fn a_run_of_seven_on_one_side_of_the_mean() {
        // Seven low, then seven high (not monotonic, so no trend).
        let v = s(&[
            1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 9.0, 8.0, 9.0, 8.0, 9.0, 8.0, 9.0,
        ]);
        let sig = signals(&v);
        assert!(sig[..7].iter().all(|s| s.run == Some(Side::Low)));
        assert!(sig[7..].iter().all(|s| s.run == Some(Side::High)));
        assert!(sig.iter().all(|s| s.trend.is_none()));
        // Six on one side is not a run.
        let six = s(&[1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 9.0, 8.0, 9.0, 8.0, 9.0, 8.0]);
        assert!(signals(&six).iter().all(|s| s.run.is_none()));
    }

    #[test]
    fn a_point_on_the_mean_breaks_a_run_and_a_gap_does_not() {
        // Mean exactly 5: seven highs split by a point on the mean, then seven lows.
        let v = s(&[
            6.0, 6.0, 6.0, 5.0, 6.0, 6.0, 6.0, 6.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0,
        ]);
        assert_eq!(limits(&v).unwrap().mean, 5.0);
        let sig = signals(&v);
        assert!(sig[..8].iter().all(|s| s.run.is_none()), "{sig:?}");
        assert!(sig[8..].iter().all(|s| s.run == Some(Side::Low)));
        // Missing months neither count nor break: seven highs with gaps between.
        let mut gaps = vec![Some(1.0), Some(1.0), Some(1.0), Some(1.0), Some(1.0)];
        for _ in 0..7 {
            gaps.push(Some(8.0));
            gaps.push(None);
        }
        let sig = signals(&gaps);
        let highs: Vec<_> = sig.iter().filter(|s| s.run == Some(Side::High)).collect();
        assert_eq!(highs.len(), 7);
    }

    #[test]
    fn a_trend_of_six() {
        let up = s(&[5.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 2.0]);
        let sig = signals(&up);
        assert!(sig[1..7].iter().all(|s| s.trend == Some(Side::High)));
        assert_eq!(sig[0].trend, None);
        assert_eq!(sig[7].trend, None);
        let down = s(&[9.0, 8.0, 7.0, 6.0, 5.0, 4.0]);
        assert!(signals(&down).iter().all(|s| s.trend == Some(Side::Low)));
        // Five rising points, or a tie in the middle, is no trend.
        let five = s(&[1.0, 2.0, 3.0, 4.0, 5.0, 1.0]);
        assert!(signals(&five).iter().all(|s| s.trend.is_none()));
        let tie = s(&[1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0]);
        assert!(signals(&tie).iter().all(|s| s.trend.is_none()));
    }

    #[test]
    fn flat_series_has_no_signal() {
        let v = s(&[100.0; 8]);
        assert!(signals(&v).iter().all(|s| !s.any()));
        assert_eq!(latest(&v, None), Some(Variation::Common));
    }

    #[test]
    fn polarity_says_whether_a_signal_is_good_news() {
        let rising = s(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(
            latest(&rising, Some(Polarity::HigherIsBetter)),
            Some(Variation::Improvement)
        );
        assert_eq!(
            latest(&rising, Some(Polarity::LowerIsBetter)),
            Some(Variation::Concern)
        );
        assert_eq!(latest(&rising, None), Some(Variation::Special(Side::High)));
        assert_eq!(latest(&[None, None], None), None);
        assert_eq!(latest(&[None, Some(4.0)], None), None);
    }
}
