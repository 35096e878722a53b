//! Synthetic plans for scale testing: as many actions as asked, shaped like the shipped plan
//! (its scale, and text of the lengths its titles, measures and progress notes have), with
//! ratings over any number of periods, indicators with monthly values and a change log.
//! Deterministic: one seed, one plan, on every machine (a small PRNG of our own, so no
//! crate's algorithm change can alter it). It serves benchmarks and `ragboard gen`, a
//! developer's command, so it lives with the command line, not in the layers below it.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};

use crate::model::{
    Action, Change, Due, Indicator, Objective, Period, Plan, Polarity, Priority, PublishedRow,
    PublishedSummary, Rating, Ratings, Scale, rollup,
};
use crate::store;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub actions: usize,
    pub periods: usize,
    pub seed: u64,
}

impl Default for Spec {
    fn default() -> Spec {
        Spec {
            actions: 1000,
            periods: 12,
            seed: 1,
        }
    }
}

/// splitmix64: tiny, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `p` percent.
    fn chance(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
}

/// Lengths and words of the shipped plan's text, to draw from.
struct Corpus {
    words: Vec<String>,
    titles: Vec<usize>,
    measures: Vec<usize>,
    progress: Vec<usize>,
    objectives: Vec<usize>,
    scale: Scale,
}

impl Corpus {
    fn from_bundled() -> Corpus {
        // The bundled plan is compiled in and checked by the test suite; a failure here
        // would be a broken build, so fall back to a fixed minimum rather than panic.
        let plan = store::bundled().ok();
        let mut c = Corpus {
            words: Vec::new(),
            titles: Vec::new(),
            measures: Vec::new(),
            progress: Vec::new(),
            objectives: Vec::new(),
            scale: plan
                .as_ref()
                .map_or_else(fallback_scale, |p| p.scale.clone()),
        };
        let mut words = std::collections::BTreeSet::new();
        if let Some(plan) = &plan {
            for pr in &plan.priorities {
                for ob in &pr.objectives {
                    c.objectives.push(ob.title.chars().count());
                    for a in &ob.actions {
                        c.titles.push(a.title.chars().count());
                        c.measures
                            .extend(a.measures.iter().map(|m| m.chars().count()));
                        if let Some(p) = &a.progress {
                            c.progress.push(p.chars().count());
                        }
                        for w in a.title.split_whitespace() {
                            let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
                            if w.len() > 1 {
                                words.insert(w.to_lowercase());
                            }
                        }
                    }
                }
            }
        }
        c.words = words.into_iter().collect();
        for (v, d) in [
            (&mut c.titles, 120),
            (&mut c.measures, 60),
            (&mut c.progress, 100),
            (&mut c.objectives, 200),
        ] {
            if v.is_empty() {
                v.push(d);
            }
        }
        if c.words.is_empty() {
            c.words = ["review", "service", "children", "plan", "staff", "support"]
                .map(String::from)
                .to_vec();
        }
        c
    }

    /// Words of a length drawn from `lengths`.
    fn text(&self, rng: &mut Rng, lengths: &[usize]) -> String {
        let len = *rng.pick(lengths);
        self.text_of(rng, len)
    }

    /// Words up to about `len` characters, starting with a capital.
    fn text_of(&self, rng: &mut Rng, len: usize) -> String {
        let mut s = String::with_capacity(len + 12);
        while s.len() < len.max(2) {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(rng.pick(&self.words).as_str());
        }
        let mut chars = s.chars();
        match chars.next() {
            Some(f) => f.to_uppercase().chain(chars).collect(),
            None => s,
        }
    }
}

fn fallback_scale() -> Scale {
    Scale {
        name: "RAG".into(),
        kind: Default::default(),
        levels: vec![crate::model::Level {
            value: 1,
            label: "1".into(),
            name: "Rated".into(),
            meaning: String::new(),
            colour: "green".into(),
            complete: false,
            needs_evidence: false,
            key: None,
        }],
    }
}

const LEADS: &[&str] = &[
    "S Murphy",
    "J Cooke",
    "A Patel",
    "R Okafor",
    "L Chen",
    "M Evans",
    "K Nowak",
    "D Hughes",
    "P Singh",
    "T Williams",
];

const UNITS: &[&str] = &["%", "count", "days"];

/// Review periods every two months from January 2018; the first is the initial rating.
fn periods(n: usize) -> Vec<Period> {
    (0..n.max(1))
        .map(|i| {
            let months = 2 * i as i32;
            let (y, m) = (2018 + months / 12, (months % 12) as u32 + 1);
            let date = NaiveDate::from_ymd_opt(y, m, 1);
            if i == 0 {
                Period {
                    id: "initial".into(),
                    label: "RAG initial".into(),
                    date,
                }
            } else {
                Period {
                    id: format!("{m:02}-{:02}", y % 100),
                    label: format!("RAG {m:02}/{:02}", y % 100),
                    date,
                }
            }
        })
        .collect()
}

/// A plan with `spec.actions` actions, deterministic for `spec.seed`, valid under `check`.
pub fn generate(spec: &Spec) -> Plan {
    let corpus = Corpus::from_bundled();
    let mut rng = Rng(spec.seed);
    let periods = periods(spec.periods);
    let top = corpus
        .scale
        .levels
        .iter()
        .map(|l| l.value)
        .max()
        .unwrap_or(1);
    let mut priorities = Vec::new();
    let mut made = 0;
    while made < spec.actions {
        let size = rng.range(10, 50).min(spec.actions - made);
        let pi = priorities.len() + 1;
        let mut objectives = Vec::new();
        let mut left = size;
        while left > 0 {
            let n = rng.range(2, 8).min(left);
            left -= n;
            let oi = objectives.len() + 1;
            let actions = (1..=n)
                .map(|ai| action(&corpus, &mut rng, &periods, top, format!("{pi}.{oi}.{ai}")))
                .collect();
            objectives.push(Objective {
                id: format!("{pi}.{oi}"),
                title: corpus.text(&mut rng, &corpus.objectives),
                text: None,
                source_note: None,
                baseline: None,
                ambition: None,
                milestones: Vec::new(),
                actions,
            });
        }
        made += size;
        let indicators = (1..=rng.range(1, 3))
            .map(|k| indicator(&mut rng, &periods, format!("P{pi}-{k}")))
            .collect();
        let mut judgements = Ratings::new();
        for p in &periods {
            if rng.chance(50) {
                judgements.insert(p.id.clone(), rng.range(1, top as usize) as Rating);
            }
        }
        priorities.push(Priority {
            id: pi.to_string(),
            title: {
                let len = rng.range(30, 90);
                corpus.text_of(&mut rng, len)
            },
            heading: None,
            source_note: None,
            judgements,
            indicators,
            objectives,
        });
    }
    let mut plan = Plan {
        title: format!(
            "Synthetic plan: {} actions, seed {}",
            spec.actions, spec.seed
        ),
        organisation: Some("ragboard gen".into()),
        source: None,
        source_note: None,
        series: None,
        names: Default::default(),
        narrative: Vec::new(),
        published_counts: None,
        figures: Default::default(),
        scale: corpus.scale.clone(),
        periods,
        groups: Vec::new(),
        priorities: priorities.into_iter().map(Into::into).collect(),
        published_summary: None,
        decisions: Vec::new(),
        reviewed: Default::default(),
        people: Vec::new(),
        proposals: Vec::new(),
        changes: Default::default(),
    };
    plan.changes = change_log(&mut rng, &plan).into();
    plan.published_summary = published(&plan);
    plan
}

fn action(corpus: &Corpus, rng: &mut Rng, periods: &[Period], top: Rating, id: String) -> Action {
    let measures = (0..rng.range(1, 3))
        .map(|_| corpus.text(rng, &corpus.measures))
        .collect();
    // A rating walks up or down a step at a time, as real ones do; some periods unrated.
    let mut ratings = Ratings::new();
    let mut r = rng.range(1, top as usize) as i64;
    for p in periods {
        r = (r + rng.range(0, 2) as i64 - 1).clamp(1, i64::from(top));
        if rng.chance(90) {
            ratings.insert(p.id.clone(), r as Rating);
        }
    }
    Action {
        id,
        title: corpus.text(rng, &corpus.titles),
        measures,
        lead: Some((*rng.pick(LEADS)).to_string()),
        officer: rng.chance(30).then(|| (*rng.pick(LEADS)).to_string()),
        due: Some(Due::Month {
            year: 2018 + rng.range(0, 1) as i32,
            month: rng.range(1, 12) as u32,
        }),
        ratings,
        progress: rng.chance(90).then(|| corpus.text(rng, &corpus.progress)),
        source_note: None,
        baseline: None,
        ambition: None,
        milestones: Vec::new(),
    }
}

fn indicator(rng: &mut Rng, periods: &[Period], id: String) -> Indicator {
    let start = periods
        .first()
        .and_then(|p| p.date)
        .unwrap_or(NaiveDate::MIN);
    let mut values = BTreeMap::new();
    let mut v = rng.range(10, 90) as f64;
    for k in 0..12 {
        let month = start
            .checked_add_months(chrono::Months::new(k))
            .unwrap_or(start);
        v = (v + rng.range(0, 10) as f64 - 5.0).max(0.0);
        values.insert(format!("{:04}-{:02}", month.year(), month.month()), v);
    }
    Indicator {
        id,
        name: format!("Indicator {}", rng.range(1, 999)),
        unit: (*rng.pick(UNITS)).to_string(),
        polarity: Some(if rng.chance(50) {
            Polarity::HigherIsBetter
        } else {
            Polarity::LowerIsBetter
        }),
        baseline: Some(rng.range(10, 90) as f64),
        sn_average: Some(rng.range(10, 90) as f64),
        target: Some(rng.range(10, 90) as f64),
        ytd: Some(v),
        values,
        notes: rng
            .chance(20)
            .then(|| "Figures from the monthly return".into()),
        source_note: None,
    }
}

/// One change per rating that moved between consecutive periods, for one action in ten:
/// the trail earlier meetings would have left.
fn change_log(rng: &mut Rng, plan: &Plan) -> Vec<Change> {
    let mut out = Vec::new();
    for a in plan.actions() {
        if !rng.chance(10) {
            continue;
        }
        for w in plan.periods.windows(2) {
            let (from, to) = (a.rating(&w[0].id), a.rating(&w[1].id));
            if from == to || to.is_none() {
                continue;
            }
            let when = w[1]
                .date
                .and_then(|d| d.and_hms_opt(10, 0, 0))
                .map_or_else(Utc::now, |t| Utc.from_utc_datetime(&t));
            out.push(Change {
                who: (*rng.pick(LEADS)).to_string(),
                when,
                item: a.id.clone(),
                period: w[1].id.clone(),
                from,
                to,
                note: rng.chance(30).then(|| "Agreed at the board".into()),
                progress: None,
                correction: false,
                judgement: false,
                verdict: None,
                undo: false,
            });
        }
    }
    // The log is kept in the order changes were made.
    out.sort_by_key(|c| c.when);
    out
}

/// The published summary of the last two periods, as the recomputed figures give it.
fn published(plan: &Plan) -> Option<PublishedSummary> {
    let n = plan.periods.len();
    if n < 2 {
        return None;
    }
    let (prev, cur) = (&plan.periods[n - 2].id, &plan.periods[n - 1].id);
    let round = |m: Option<f64>| m.map_or(0.0, |m| (m * 10.0).round() / 10.0);
    Some(PublishedSummary {
        previous: prev.clone(),
        current: cur.clone(),
        overall: PublishedRow {
            priority: String::new(),
            previous: round(rollup::mean_of_priority_means(plan, prev)),
            current: round(rollup::mean_of_priority_means(plan, cur)),
        },
        priorities: plan
            .priorities
            .iter()
            .map(|p| PublishedRow {
                priority: p.id.clone(),
                previous: round(rollup::priority_stats(plan, p, prev).mean),
                current: round(rollup::priority_stats(plan, p, cur).mean),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_plan_has_the_actions_asked_for_and_is_valid() {
        let spec = Spec {
            actions: 237,
            periods: 5,
            seed: 7,
        };
        let plan = generate(&spec);
        assert_eq!(plan.actions().count(), 237);
        assert_eq!(plan.periods.len(), 5);
        assert!(plan.priorities.iter().all(|p| {
            let n = p.actions().count();
            (1..=50).contains(&n)
        }));
        assert!(!plan.changes.is_empty());
        let text = store::to_canonical(&plan).unwrap();
        let back = store::parse(&text, Path::new("gen.ron")).unwrap();
        assert_eq!(back, plan);
    }

    #[test]
    fn one_seed_one_plan() {
        let spec = Spec {
            actions: 120,
            periods: 3,
            seed: 42,
        };
        assert_eq!(generate(&spec), generate(&spec));
        let other = Spec { seed: 43, ..spec };
        assert_ne!(generate(&spec), generate(&other));
    }

    #[test]
    fn periods_run_every_two_months() {
        let p = periods(8);
        let ids: Vec<&str> = p.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "initial", "03-18", "05-18", "07-18", "09-18", "11-18", "01-19", "03-19"
            ]
        );
    }
}
