//! Search: which agenda items a query finds, and where in a text it matches. Case and
//! accents are folded away ("Côté" is found by "cote"), and every word of the query must
//! occur somewhere in the item ("murphy fostering" finds the fostering action Murphy leads).

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{Item, Node, Plan};

mod haystack;
pub use haystack::{Haystack, Making, Work};

/// Lower case with accents removed: the form both query and text are compared in.
pub fn fold(text: &str) -> String {
    // Most plan text is ASCII: no accents to strip, so skip the decomposition.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A parsed query: its folded words. Empty when the text has no words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Query {
        Query {
            words: fold(text).split_whitespace().map(str::to_string).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The folded words, in the order typed.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Every word occurs in one of `texts` (a word may match in any of them).
    pub fn matches<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let texts: Vec<&str> = texts.into_iter().collect();
        self.words
            .iter()
            .all(|w| texts.iter().any(|t| contains_folded(t, w)))
    }

    /// The query as one folded string: a later query that starts with it finds only
    /// items this one found (a longer word, or one more word).
    pub fn key(&self) -> String {
        self.words.join(" ")
    }

    /// Byte ranges of `text` where a word of the query occurs (for highlighting), in order,
    /// overlapping ranges merged.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        if self.words.is_empty() {
            return Vec::new();
        }
        let (folded, origin) = fold_mapped(text);
        let start = |i: usize| origin.as_ref().map_or(i, |o| o[i].start);
        let end = |i: usize| origin.as_ref().map_or(i + 1, |o| o[i].end);
        let mut out: Vec<Range<usize>> = Vec::new();
        for w in &self.words {
            let mut from = 0;
            while let Some(at) = folded[from..].find(w.as_str()) {
                let (s, e) = (from + at, from + at + w.len());
                out.push(start(s)..end(e - 1));
                from = e;
            }
        }
        out.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::new();
        for r in out {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }
}

/// `text` folded, with the byte range of `text` each folded byte came from: none for ASCII
/// text (most of a plan), whose folded bytes are where its own are.
fn fold_mapped(text: &str) -> (String, Option<Vec<Range<usize>>>) {
    if text.is_ascii() {
        return (text.to_ascii_lowercase(), None);
    }
    let mut folded = String::with_capacity(text.len());
    let mut origin: Vec<Range<usize>> = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let start = folded.len();
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else {
            let mut buf = [0u8; 4];
            folded.push_str(&fold(c.encode_utf8(&mut buf)));
        }
        origin.extend((start..folded.len()).map(|_| i..i + c.len_utf8()));
    }
    (folded, Some(origin))
}

/// Does `text` contain `word` (already folded) once folded? ASCII text, most of a plan, is
/// compared where it lies, byte by byte ignoring case, with no copy made; other text is
/// folded first.
fn contains_folded(text: &str, word: &str) -> bool {
    if !text.is_ascii() {
        return fold(text).contains(word);
    }
    let (t, w) = (text.as_bytes(), word.as_bytes());
    if w.is_empty() {
        return true;
    }
    if !word.is_ascii() {
        // A folded word with letters ASCII has not: never in ASCII text.
        return false;
    }
    if t.len() < w.len() {
        return false;
    }
    // Look for the word's rarest letter (in English text), then compare around it: far
    // fewer false starts than its first letter ("su": the u, not the s).
    let k = (0..w.len()).min_by_key(|&i| rank(w[i])).unwrap_or(0);
    let rare = w[k];
    let mut at = k;
    while at < t.len() {
        let Some(i) = memchr::memchr2(rare, rare.to_ascii_uppercase(), &t[at..]) else {
            return false;
        };
        let hit = at + i;
        let s = hit - k;
        if s + w.len() > t.len() {
            return false;
        }
        if t[s..s + w.len()].eq_ignore_ascii_case(w) {
            return true;
        }
        at = hit + 1;
    }
    false
}

/// How common a lower-case ASCII byte is in English text: 0 rarest. Letters by their usual
/// frequency; anything else (digits, punctuation) counts as rare.
fn rank(b: u8) -> u8 {
    const BY_FREQUENCY: &[u8] = b" etaoinshrdlcumwfgypbvkjxqz";
    BY_FREQUENCY
        .iter()
        .position(|&c| c == b)
        .map_or(0, |i| (BY_FREQUENCY.len() - i) as u8)
}

/// The texts a search looks in for one item: titles, success measures, progress notes,
/// leads and officers of actions; indicator names with their priority; an objective's
/// own text, baseline, ambition and milestones.
pub fn texts(plan: &Plan, node: Node) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    match node.get(plan) {
        Some(Item::Group(g)) => out.push(&g.title),
        Some(Item::Priority(pr)) => {
            out.push(&pr.title);
            out.extend(pr.heading.as_deref());
            out.extend(pr.indicators.iter().map(|i| i.name.as_str()));
        }
        Some(Item::Objective(ob)) => {
            out.push(&ob.title);
            out.extend(ob.text.as_deref());
            out.extend(ob.baseline.as_deref());
            out.extend(ob.ambition.as_ref().map(|a| a.text.as_str()));
            out.extend(ob.milestones.iter().map(|m| m.text.as_str()));
        }
        Some(Item::Action(ac)) => {
            out.push(&ac.title);
            out.extend(ac.measures.iter().map(String::as_str));
            out.extend(ac.lead.as_deref());
            out.extend(ac.officer.as_deref());
            // The one name of a person the source spells otherwise ("S Murphy" is found
            // by "Sheila Murphy").
            out.extend(
                [ac.lead.as_deref(), ac.officer.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter_map(|s| plan.person_named(s))
                    .map(|p| p.name.as_str()),
            );
            out.extend(ac.progress.as_deref());
        }
        Some(Item::Measure(_, text)) => out.push(text),
        None => {}
    }
    out
}

/// Positions in `agenda` of the items the query finds. Measures are steps inside their
/// action, which already searches its measures, so they are never matches of their own.
/// (The app keeps the haystack between keystrokes.)
pub fn find(plan: &Plan, agenda: &[Node], query: &Query) -> Vec<usize> {
    Haystack::build(plan, agenda).find(query, 0..agenda.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::agenda;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Côté ÉLÈVE Ñandú"), "cote eleve nandu");
        let q = Query::new("COTE");
        assert!(q.matches(["la côté"]));
        let q = Query::new("élève");
        assert!(q.matches(["ELEVE"]));
        assert!(!Query::new("cafe").matches(["caff"]));
    }

    #[test]
    fn matching_in_place_agrees_with_folding_first() {
        let texts = [
            "Recruit more FOSTERING carers",
            "aaab",
            "zebra quiz",
            "x",
            "",
            "Ends with Quiz",
            "Côté élève",
            "supp support Supply",
        ];
        let words = [
            "aab", "fost", "quiz", "z", "x", "xx", "", "s", "su", "supp", "pply", "cote", "ys",
            "carers", "ers", "ering c",
        ];
        for t in texts {
            for w in words {
                assert_eq!(contains_folded(t, w), fold(t).contains(w), "{w:?} in {t:?}");
            }
        }
    }

    /// What the texts hold, item by item, folding every text again: what the haystack
    /// must agree with.
    pub(super) fn by_the_texts(plan: &Plan, agenda: &[Node], q: &Query) -> Vec<usize> {
        (0..agenda.len())
            .filter(|&i| {
                !matches!(agenda[i], Node::Measure(..)) && q.matches(texts(plan, agenda[i]))
            })
            .collect()
    }

    #[test]
    fn the_haystack_finds_what_the_texts_do() {
        let mut plan = crate::store::bundled().unwrap();
        // Text no plain word holds: accents, a capital I with a dot, punctuation, digits.
        let ac = plan.action_mut("1.1.2").unwrap();
        ac.progress = Some("Côté ÉLÈVE İstanbul, s.murphy's 2-3 co-ordinate\tx".into());
        let ag = agenda::build(&plan);
        let hay = Haystack::build(&plan, &ag);
        for q in [
            "murphy",
            "costed structure",
            "cafs completed",
            "zzz",
            "s",
            "su",
            "côté",
            "eleve cote",
            "istanbul",
            "s.m",
            "'s",
            "2",
            "-3",
            "2-3 co-",
            "ordinate x",
            ",",
            "ing s",
        ] {
            let q = Query::new(q);
            assert_eq!(
                hay.find(&q, 0..ag.len()),
                by_the_texts(&plan, &ag, &q),
                "{q:?}"
            );
        }
    }

    #[test]
    fn every_word_must_match_somewhere() {
        let q = Query::new("  murphy   FOSTERING ");
        assert!(q.matches(["Recruit more fostering carers", "S Murphy"]));
        assert!(!q.matches(["Recruit more fostering carers", "J Simon"]));
        assert!(!Query::new("").matches(["anything"]));
        assert!(Query::new("").is_empty());
    }

    #[test]
    fn ranges_point_into_the_original_text() {
        let q = Query::new("cote murphy");
        let text = "Sheila Murphy, Côté";
        let r = q.ranges(text);
        let parts: Vec<&str> = r.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(parts, ["Murphy", "Côté"]);
        // Overlapping words merge into one range.
        let q = Query::new("fost foster");
        assert_eq!(q.ranges("fostering"), vec![0..6]);
        assert!(Query::new("zzz").ranges("fostering").is_empty());
    }

    #[test]
    fn finds_leads_progress_and_indicators_in_the_shipped_plan() {
        let plan = crate::store::bundled().unwrap();
        let ag = agenda::build(&plan);
        let ids = |q: &str| -> Vec<String> {
            find(&plan, &ag, &Query::new(q))
                .into_iter()
                .map(|i| ag[i].id(&plan))
                .collect()
        };
        // A lead: every action led by Sheila Murphy or S Murphy.
        let murphy = ids("murphy");
        assert!(murphy.contains(&"1.1.1".to_string()), "{murphy:?}");
        let leads = plan
            .actions()
            .filter(|a| {
                [&a.lead, &a.officer, &a.progress]
                    .iter()
                    .any(|f| f.as_deref().is_some_and(|t| fold(t).contains("murphy")))
                    || fold(&a.title).contains("murphy")
                    || a.measures.iter().any(|m| fold(m).contains("murphy"))
            })
            .count();
        assert_eq!(murphy.len(), leads);
        // An indicator name finds its priority.
        assert_eq!(ids("CAFs completed"), ["2"]);
        // Two words that only occur together in one action's fields.
        assert!(ids("costed structure").contains(&"1.1.1".to_string()));
        assert!(ids("no such words here").is_empty());
    }
}
