//! `ragboard cells` (git's textconv) shows every field of the plan a person can change: a
//! plan that sets every field (`tests/fixtures/every-field.ron`) is changed one field at a
//! time, and each change must change the listing. The fields are enumerated from the
//! model itself (serde's own list of each struct's fields), so a field added to the model
//! fails this test until the fixture sets it and `cells` shows it.

use std::collections::BTreeSet;
use std::path::Path;

use ragboard::model::minutes::Closed;
use ragboard::model::{
    Action, Call, Change, Decision, Figures, Group, Indicator, Level, LevelNames, Milestone,
    Objective, Period, Person, Plan, Priority, ProgressChange, Proposal, PublishedCounts,
    PublishedRow, PublishedSummary, Scale, Section, Series,
};
use ragboard::report::diff::cells;
use ragboard::store;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/every-field.ron";

fn fixture() -> Plan {
    store::load(Path::new(FIXTURE))
        .unwrap_or_else(|e| panic!("{e}"))
        .plan
}

/// A deserializer that only learns the field names a struct asks for.
struct Introspect<'a>(&'a mut Option<&'static [&'static str]>);

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stop")
    }
}
impl std::error::Error for Stop {}
impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Introspect<'_> {
    type Error = Stop;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = Some(fields);
        Err(Stop)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The fields of a struct of the model, as serde reads them.
fn fields<T: DeserializeOwned>() -> Vec<&'static str> {
    let mut f = None;
    let _ = T::deserialize(Introspect(&mut f));
    f.map(|f| f.to_vec()).unwrap_or_default()
}

/// Every struct of the plan's model, its fields, and where the fixture holds one.
fn model() -> Vec<(&'static str, Vec<&'static str>, &'static str)> {
    const A: &str = "/priorities/0/objectives/0/actions/0";
    vec![
        ("Plan", fields::<Plan>(), ""),
        ("LevelNames", fields::<LevelNames>(), "/names"),
        ("Series", fields::<Series>(), "/series"),
        ("Section", fields::<Section>(), "/narrative/0"),
        ("Figures", fields::<Figures>(), "/figures"),
        ("Scale", fields::<Scale>(), "/scale"),
        ("Level", fields::<Level>(), "/scale/levels/0"),
        ("Period", fields::<Period>(), "/periods/0"),
        ("Group", fields::<Group>(), "/groups/0"),
        ("Person", fields::<Person>(), "/people/0"),
        ("Proposal", fields::<Proposal>(), "/proposals/0"),
        ("Priority", fields::<Priority>(), "/priorities/0"),
        (
            "Indicator",
            fields::<Indicator>(),
            "/priorities/0/indicators/0",
        ),
        (
            "Objective",
            fields::<Objective>(),
            "/priorities/0/objectives/0",
        ),
        // Ambition reads its words or a struct by hand: its fields are written here.
        (
            "Ambition",
            vec!["text", "value", "unit"],
            "/priorities/0/objectives/0/ambition",
        ),
        (
            "Milestone",
            fields::<Milestone>(),
            "/priorities/0/objectives/0/milestones/0",
        ),
        (
            "Call",
            fields::<Call>(),
            "/priorities/0/objectives/0/milestones/0/calls/0",
        ),
        ("Action", fields::<Action>(), A),
        (
            "PublishedSummary",
            fields::<PublishedSummary>(),
            "/published_summary",
        ),
        (
            "PublishedRow",
            fields::<PublishedRow>(),
            "/published_summary/priorities/0",
        ),
        (
            "PublishedCounts",
            fields::<PublishedCounts>(),
            "/published_counts",
        ),
        ("Decision", fields::<Decision>(), "/decisions/0"),
        ("Closed", fields::<Closed>(), "/decisions/0/closed"),
        ("Change", fields::<Change>(), "/changes/0"),
        (
            "ProgressChange",
            fields::<ProgressChange>(),
            "/changes/0/progress",
        ),
    ]
}

/// Fields that are maps keyed by data (a period, a month, a status), not structs.
const MAPS: [&str; 5] = ["ratings", "judgements", "values", "statuses", "reviewed"];

#[test]
fn the_fixture_sets_every_field_of_the_model() {
    let json = serde_json::to_value(fixture()).unwrap();
    let model = model();
    for (name, fields, at) in &model {
        assert!(!fields.is_empty(), "{name}: serde names no fields");
        let obj = json
            .pointer(at)
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("{FIXTURE} has no {name} at {at:?}"));
        for f in fields {
            let v = obj.get(*f);
            assert!(
                v.is_some_and(|v| !v.is_null()),
                "{FIXTURE}: {name}.{f} is not set: set it, and make `cells` show it"
            );
        }
    }
    // Every struct in the file is one the list above knows (a new kind of struct in the
    // model must be added there).
    let known: Vec<BTreeSet<&str>> = model
        .iter()
        .map(|(_, f, _)| f.iter().copied().collect())
        .collect();
    fn objects<'v>(v: &'v Value, key: &str, out: &mut Vec<(String, &'v Value)>) {
        match v {
            Value::Object(m) => {
                if !MAPS.contains(&key) {
                    out.push((key.to_string(), v));
                }
                for (k, x) in m {
                    objects(x, k, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| objects(x, key, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    objects(&json, "", &mut found);
    for (key, obj) in found {
        let keys: BTreeSet<&str> = obj
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert!(
            known.iter().any(|k| keys.is_subset(k)),
            "the struct under {key:?} ({keys:?}) is not in this test's list of the model"
        );
    }
}

/// A place in the JSON form of the plan that a person can change.
enum Spot {
    /// A value: text, a number, a yes/no.
    Leaf(String),
    /// A key of a map (a period id of a rating).
    Key(String, String),
    /// A list: its last item removed.
    List(String),
}

fn escape(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

fn spots(v: &Value, at: &str, key: &str, out: &mut Vec<Spot>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", escape(k));
                if MAPS.contains(&key) {
                    out.push(Spot::Key(at.to_string(), k.clone()));
                }
                spots(x, &p, k, out);
            }
        }
        Value::Array(a) => {
            out.push(Spot::List(at.to_string()));
            for (i, x) in a.iter().enumerate() {
                spots(x, &format!("{at}/{i}"), key, out);
            }
        }
        Value::Null => {}
        _ => out.push(Spot::Leaf(at.to_string())),
    }
}

/// Each digit run of `s` one more ("2014/15" → "2015/16"), its width kept.
fn runs_up(s: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            let n: u64 = run.parse().unwrap_or(0) + 1;
            out.push_str(&format!("{n:0width$}", width = run.len()));
            run.clear();
        }
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Other values for a text, to try in turn until one still reads as a plan (a date must
/// stay a date, a key a single character, a polarity one of its words).
fn other_texts(s: &str) -> Vec<String> {
    let mut c = vec![format!("{s}X"), runs_up(s)];
    if let Some(i) = s.rfind(|c: char| c.is_ascii_digit()) {
        for d in [1, 9] {
            let digit = (s.as_bytes()[i] - b'0' + d) % 10;
            c.push(format!("{}{digit}{}", &s[..i], &s[i + 1..]));
        }
    }
    if s.chars().count() == 1 {
        c.push(if s == "z" { "y" } else { "z" }.into());
    }
    for (a, b) in [
        ("LowerIsBetter", "HigherIsBetter"),
        ("Categorical", "Ordinal"),
        ("Review", "Plan"),
        ("Action", "Decision"),
        ("Done", "Dropped"),
        ("Changed", "Met"),
        ("Challenged", "Agreed"),
    ] {
        if s == a {
            c.push(b.into());
        }
        if s == b {
            c.push(a.into());
        }
    }
    c.retain(|x| x != s);
    c
}

fn others(v: &Value) -> Vec<Value> {
    match v {
        Value::String(s) => other_texts(s).into_iter().map(Value::String).collect(),
        Value::Bool(b) => vec![Value::Bool(!b)],
        Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(u), _) => vec![(u + 1).into(), u.saturating_sub(1).into()],
            (None, Some(f)) => vec![(f + 1.5).into(), (f / 2.0).into()],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The plan with the field at `spot` changed, each way tried until one reads as a plan.
fn changed(json: &Value, spot: &Spot) -> Option<(String, Plan)> {
    let tries: Vec<(String, Value)> = match spot {
        Spot::Leaf(at) => {
            let was = json.pointer(at)?;
            others(was)
                .into_iter()
                .map(|v| {
                    let mut j = json.clone();
                    *j.pointer_mut(at).unwrap() = v.clone();
                    (format!("{at}: {was} → {v}"), j)
                })
                .collect()
        }
        Spot::Key(at, key) => other_texts(key)
            .into_iter()
            .map(|k| {
                let mut j = json.clone();
                let m = j.pointer_mut(at).unwrap().as_object_mut().unwrap();
                let v = m.remove(key).unwrap();
                m.insert(k.clone(), v);
                (format!("{at}: key {key:?} → {k:?}"), j)
            })
            .collect(),
        Spot::List(at) => {
            let mut j = json.clone();
            let a = j.pointer_mut(at)?.as_array_mut()?;
            a.pop()?;
            vec![(format!("{at}: last item removed"), j)]
        }
    };
    tries
        .into_iter()
        .find_map(|(what, j)| serde_json::from_value::<Plan>(j).ok().map(|p| (what, p)))
}

#[test]
fn every_change_to_any_field_shows_in_the_textconv() {
    let plan = fixture();
    let json = serde_json::to_value(&plan).unwrap();
    let before = cells(&plan);
    // The JSON form is the plan, field for field.
    assert_eq!(
        cells(&serde_json::from_value::<Plan>(json.clone()).unwrap()),
        before
    );
    let mut all = Vec::new();
    spots(&json, "", "", &mut all);
    assert!(all.len() > 100, "{} places", all.len());
    let mut unseen = Vec::new();
    for spot in &all {
        let Some((what, p)) = changed(&json, spot) else {
            let at = match spot {
                Spot::Leaf(a) | Spot::Key(a, _) | Spot::List(a) => a,
            };
            panic!("{at}: no other value reads as a plan: teach this test one");
        };
        if cells(&p) == before {
            unseen.push(what);
        }
    }
    assert!(
        unseen.is_empty(),
        "changes `ragboard cells` does not show (git diff would print nothing):\n{}",
        unseen.join("\n")
    );
}
