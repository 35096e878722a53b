//! What a search reads instead of the plan (issue 25): every agenda item's texts folded once
//! and kept as an index of their words, not as the texts, and kept up to the plan item by
//! item as edits change it.
//!
//! A query's word has no white space in it, so it occurs in a folded text only inside one
//! of the text's words (split at white space), never across two words, nor across two
//! fields. A word of the query is therefore looked for in the plan's distinct words
//! (thousands, where the texts are 67 MB at 100,000 actions), and the items holding the
//! words it is in are read from their postings. A query's first letter, which most items hold,
//! is answered from a mask of the letters each item holds.

use std::collections::HashMap;
use std::ops::Range;

use memchr::memmem::Finder;
use xxhash_rust::xxh3::xxh3_64;

use super::{Query, fold, texts};
use crate::model::{Index, Node, Plan};

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// What a search read: how many agenda positions it tested, and how many postings and
/// changed items' texts it read to test them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    pub examined: usize,
    pub read: usize,
}

/// The agenda's search texts, as a search reads them. Measures hold nothing (their action
/// holds their text).
#[derive(Debug, Clone, Default)]
pub struct Haystack {
    words: Words,
    /// Per agenda position, the ASCII letters and digits its folded texts hold.
    letters: Vec<u64>,
    /// Per agenda position, a hash of its texts as the haystack has them: after an edit,
    /// the items whose texts really changed are told from those merely near it.
    hashes: Vec<u64>,
    changed: Changed,
    /// The plan's state the haystack is up to; `None` for one made for a single search.
    synced: Option<Synced>,
}

/// The distinct words of the folded texts and the agenda positions holding each.
#[derive(Debug, Clone, Default)]
struct Words {
    /// Each word followed by a newline (which no word holds).
    text: String,
    /// Where each word starts in `text`, and the end of the last.
    starts: Vec<usize>,
    /// Per word, the ascending agenda positions holding it, as gaps in LEB128 bytes: most
    /// gaps are one byte, an eighth of the texts' size in all.
    postings: Vec<Box<[u8]>>,
}

/// Items whose texts changed since the words were indexed: their texts folded as they are
/// now (one per line), which a search reads for them instead of the postings.
#[derive(Debug, Clone, Default)]
struct Changed {
    texts: Map<usize, Box<str>>,
    at: Bits,
}

/// The index's stamps the haystack was last brought up to.
#[derive(Debug, Clone, Default)]
struct Synced {
    revision: u64,
    periods: u64,
    /// Per priority, the revision of its last change.
    stamps: Vec<u64>,
    /// Per priority, the agenda positions its items span.
    spans: Vec<Range<usize>>,
}

impl Haystack {
    /// The haystack of `plan` as it is, with no record of the index (for a single search;
    /// `new` makes one that `update` can keep up to the plan).
    pub fn build(plan: &Plan, agenda: &[Node]) -> Haystack {
        Making::default().finish(plan, agenda)
    }

    /// The haystack of `plan` as it is at `index`'s revision.
    pub fn new(plan: &Plan, agenda: &[Node], index: &Index) -> Haystack {
        Making::start(plan, agenda, index).finish(plan, agenda)
    }

    /// Bring the haystack up to `plan` after edits. Only the items of the priorities whose
    /// stamp moved are read again (every item after a change of periods or a new index,
    /// which may be the plan read again), and only those whose texts changed are folded
    /// again. The agenda positions that changed, ascending; `None` when it was made again
    /// whole (another agenda, or more changes than are worth keeping aside).
    pub fn update(&mut self, plan: &Plan, agenda: &[Node], index: &Index) -> Option<Vec<usize>> {
        let Some(synced) = self
            .synced
            .take()
            .filter(|_| self.letters.len() == agenda.len())
        else {
            *self = Haystack::new(plan, agenda, index);
            return None;
        };
        if synced.revision == index.revision() {
            self.synced = Some(synced);
            return Some(Vec::new());
        }
        let whole =
            synced.periods != index.periods_stamp() || synced.stamps.len() != plan.priorities.len();
        let mut read: Vec<usize> = if whole {
            (0..agenda.len()).collect()
        } else {
            synced
                .stamps
                .iter()
                .zip(&synced.spans)
                .enumerate()
                .filter(|(p, (stamp, _))| index.stamp(*p) != Some(**stamp))
                .flat_map(|(_, (_, span))| span.clone())
                .collect()
        };
        read.sort_unstable();
        read.dedup();
        read.retain(|&pos| self.refold(plan, agenda, pos));
        // Each changed item holds its folded texts aside; past an eighth of the agenda,
        // indexing the whole again costs less than keeping them.
        if self.changed.texts.len() > agenda.len() / 8 {
            *self = Haystack::new(plan, agenda, index);
            return None;
        }
        self.synced = Some(match whole {
            true => Synced::of(plan, agenda, index),
            // The agenda is the same: so are the priorities' spans.
            false => Synced::of_spans(index, synced.spans),
        });
        Some(read)
    }

    /// Read the item at `pos` again; `true` when its texts changed (and are now kept aside).
    fn refold(&mut self, plan: &Plan, agenda: &[Node], pos: usize) -> bool {
        let Some(node) = agenda.get(pos) else {
            return false;
        };
        let texts = item_texts(plan, *node);
        let h = hash(&texts);
        if self.hashes.get(pos) == Some(&h) {
            return false;
        }
        let folded: String = texts.iter().map(|t| fold(t) + "\n").collect();
        if let (Some(old), Some(letters)) = (self.hashes.get_mut(pos), self.letters.get_mut(pos)) {
            *old = h;
            *letters = letters_of(&folded);
        }
        self.changed.at.set(pos);
        self.changed.texts.insert(pos, folded.into_boxed_str());
        true
    }

    /// Those of the agenda positions `among` whose texts hold every word of the query.
    pub fn find(&self, query: &Query, among: impl IntoIterator<Item = usize>) -> Vec<usize> {
        self.keep(
            query.words(),
            among.into_iter().collect(),
            &mut Work::default(),
        )
    }

    /// Those of `among` whose texts hold every one of `words` (folded, as `Query::words`
    /// gives them), in the order given; what it read is added to `work`.
    pub fn keep(&self, words: &[String], mut among: Vec<usize>, work: &mut Work) -> Vec<usize> {
        if words.is_empty() {
            return among;
        }
        work.examined += among.len();
        for w in words {
            if among.is_empty() {
                break;
            }
            among = self.keep_word(w, among, work);
        }
        among
    }

    /// What `query` finds, given that it extends `last` (its key starts with `last`'s),
    /// which found `found` before the edits that changed `changed` (ascending): of what
    /// `last` found, those the edits left alone and that hold `query`'s new words (the words
    /// the two share they hold already), and the changed items that hold every word.
    pub fn typed_on(
        &self,
        last: &Query,
        mut found: Vec<usize>,
        query: &Query,
        changed: Vec<usize>,
        work: &mut Work,
    ) -> Vec<usize> {
        let shared = last
            .words()
            .iter()
            .zip(query.words())
            .take_while(|(a, b)| a == b)
            .count();
        found.retain(|p| changed.binary_search(p).is_err());
        let mut found = self.keep(&query.words()[shared..], found, work);
        let fresh = self.keep(query.words(), changed, work);
        if !fresh.is_empty() {
            found.extend(fresh);
            // Two ascending runs: merged in one pass.
            found.sort();
        }
        found
    }

    fn keep_word(&self, word: &str, mut among: Vec<usize>, work: &mut Work) -> Vec<usize> {
        if let Some(bit) = letter_word(word) {
            among.retain(|&p| self.letters.get(p).is_some_and(|m| m & bit != 0));
            return among;
        }
        let finder = Finder::new(word.as_bytes());
        let mut indexed: Option<Bits> = None;
        among.retain(|&p| {
            if self.changed.at.get(p) {
                work.read += 1;
                return self
                    .changed
                    .texts
                    .get(&p)
                    .is_some_and(|t| finder.find(t.as_bytes()).is_some());
            }
            indexed
                .get_or_insert_with(|| self.holding(&finder, work))
                .get(p)
        });
        among
    }

    /// The agenda positions whose indexed words hold the finder's word.
    fn holding(&self, finder: &Finder, work: &mut Work) -> Bits {
        let mut bits = Bits::new(self.letters.len());
        for id in self.words.holding(finder) {
            for p in self.words.positions(id) {
                bits.set(p);
                work.read += 1;
            }
        }
        bits
    }

    pub fn len(&self) -> usize {
        self.letters.len()
    }

    pub fn is_empty(&self) -> bool {
        self.letters.is_empty()
    }

    /// Bytes it holds (its own, not the allocator's): what search costs in memory.
    pub fn bytes(&self) -> usize {
        let w = &self.words;
        w.text.capacity()
            + size_of_val(w.starts.as_slice())
            + w.postings
                .iter()
                .map(|p| p.len() + size_of_val(p))
                .sum::<usize>()
            + size_of_val(self.letters.as_slice())
            + size_of_val(self.hashes.as_slice())
            + size_of_val(self.changed.at.0.as_slice())
            + self.changed.texts.values().map(|t| t.len()).sum::<usize>()
    }
}

/// A haystack being made a slice of the agenda at a time (at idle moments), for the plan
/// as it was when it began: an edit meanwhile is caught by the first `update`, as any edit
/// is (each item's hash is of the texts it was indexed from).
#[derive(Debug, Clone, Default)]
pub struct Making {
    items: Items,
    synced: Option<Synced>,
    /// The agenda's length when it began.
    len: usize,
}

impl Making {
    pub fn start(plan: &Plan, agenda: &[Node], index: &Index) -> Making {
        Making {
            synced: Some(Synced::of(plan, agenda, index)),
            len: agenda.len(),
            ..Making::default()
        }
    }

    /// The agenda's length when it began: another agenda needs another haystack.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Index the next `items` agenda positions; `true` once every one has been.
    pub fn step(&mut self, plan: &Plan, agenda: &[Node], items: usize) -> bool {
        let from = self.items.letters.len();
        let to = from.saturating_add(items).min(agenda.len());
        self.items.index(plan, agenda, from..to);
        to >= agenda.len()
    }

    /// The haystack, its remaining items indexed first (on every core, for a large plan).
    pub fn finish(mut self, plan: &Plan, agenda: &[Node]) -> Haystack {
        let rest = self.items.letters.len()..agenda.len().max(self.items.letters.len());
        let threads = match rest.len() {
            n if n < ON_ONE_THREAD => 1,
            _ => std::thread::available_parallelism().map_or(1, |n| n.get().min(4)),
        };
        for part in Items::of(plan, agenda, rest, threads) {
            self.items.absorb(part);
        }
        let Items {
            words,
            letters,
            hashes,
        } = self.items;
        Haystack {
            words: words.finish(),
            changed: Changed {
                texts: Map::default(),
                at: Bits::new(letters.len()),
            },
            letters,
            hashes,
            synced: self.synced,
        }
    }
}

/// Consecutive agenda items indexed: their words, letters and hashes.
#[derive(Debug, Clone, Default)]
struct Items {
    words: WordsBuilder,
    letters: Vec<u64>,
    hashes: Vec<u64>,
}

/// Below this many items a haystack is made on one thread (starting threads costs more).
const ON_ONE_THREAD: usize = 20_000;

impl Items {
    /// Agenda positions `range` indexed in parts, one per thread, in order.
    fn of(plan: &Plan, agenda: &[Node], range: Range<usize>, threads: usize) -> Vec<Items> {
        let size = range.len().div_ceil(threads).max(1);
        let parts: Vec<Range<usize>> = range
            .clone()
            .step_by(size)
            .map(|from| from..(from + size).min(range.end))
            .collect();
        let one = |r: Range<usize>| {
            let mut items = Items::default();
            items.index(plan, agenda, r);
            items
        };
        std::thread::scope(|s| {
            // Each part but the first on a thread of its own (or here, if none starts).
            let started: Vec<_> = parts
                .iter()
                .skip(1)
                .map(|r| {
                    let mine = r.clone();
                    let thread = std::thread::Builder::new().spawn_scoped(s, move || one(mine));
                    (r.clone(), thread)
                })
                .collect();
            let first = parts.first().cloned().map(one);
            first
                .into_iter()
                .chain(started.into_iter().map(|(r, thread)| match thread {
                    Ok(t) => t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                    Err(_) => one(r),
                }))
                .collect()
        })
    }

    /// Index agenda positions `range`, which come right after those already indexed.
    fn index(&mut self, plan: &Plan, agenda: &[Node], range: Range<usize>) {
        for pos in range {
            let Some(node) = agenda.get(pos) else {
                break;
            };
            let texts = item_texts(plan, *node);
            self.hashes.push(hash(&texts));
            let mut mask = 0;
            for t in texts {
                folded_words(t, |w| mask |= self.words.add(w, pos));
            }
            self.letters.push(mask);
        }
    }

    /// Take in `later`, the items right after these.
    fn absorb(&mut self, later: Items) {
        if self.letters.is_empty() {
            *self = later;
            return;
        }
        self.words.absorb(later.words);
        self.letters.extend(later.letters);
        self.hashes.extend(later.hashes);
    }
}

impl Synced {
    fn of(plan: &Plan, agenda: &[Node], index: &Index) -> Synced {
        Synced::of_spans(index, spans(agenda, plan.priorities.len()))
    }

    fn of_spans(index: &Index, spans: Vec<Range<usize>>) -> Synced {
        Synced {
            revision: index.revision(),
            periods: index.periods_stamp(),
            stamps: (0..spans.len())
                .map(|p| index.stamp(p).unwrap_or(0))
                .collect(),
            spans,
        }
    }
}

/// Per priority, the agenda positions of its items (from the first to the last).
fn spans(agenda: &[Node], priorities: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Option<Range<usize>>> = vec![None; priorities];
    for (pos, node) in agenda.iter().enumerate() {
        let p = match node {
            Node::Group(_) => continue,
            Node::Priority(p)
            | Node::Objective(p, _)
            | Node::Action(p, _, _)
            | Node::Measure(p, _, _, _) => *p,
        };
        if let Some(span) = out.get_mut(p) {
            *span = Some(match span.take() {
                Some(s) => s.start.min(pos)..s.end.max(pos + 1),
                None => pos..pos + 1,
            });
        }
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

/// An item's search texts; none for a measure (its action holds them).
fn item_texts(plan: &Plan, node: Node) -> Vec<&str> {
    match node {
        Node::Measure(..) => Vec::new(),
        _ => texts(plan, node),
    }
}

/// The texts' hash, each text on its own (so moving text between fields changes it).
fn hash(texts: &[&str]) -> u64 {
    // Not `xxh3_64_with_seed` to chain them: a seed makes it derive a key for every text.
    texts.iter().fold(0, |h, t| {
        (h ^ xxh3_64(t.as_bytes())).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    })
}

/// Each word of `text` (split at white space, as `Query` splits) to `f`, folded but for
/// its ASCII capitals (which `WordsBuilder` lower-cases as it reads them).
fn folded_words(text: &str, f: impl FnMut(&str)) {
    // ASCII text, most of a plan, is split where it lies: no folded copy of it made. A
    // vertical tab is white space to `Query` but not to `split_ascii_whitespace`: such text
    // is folded whole.
    if text.is_ascii() && memchr::memchr(0x0b, text.as_bytes()).is_none() {
        text.split_ascii_whitespace().for_each(f);
    } else {
        fold(text).split_whitespace().for_each(f);
    }
}

/// The bit of an ASCII letter or digit in an item's mask (0 for anything else).
fn letter_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

fn letters_of(folded: &str) -> u64 {
    folded.bytes().fold(0, |m, b| m | letter_bit(b))
}

/// The mask bit of a word that is one letter or digit.
fn letter_word(word: &str) -> Option<u64> {
    match word.as_bytes() {
        [b] => Some(letter_bit(*b)).filter(|&bit| bit != 0),
        _ => None,
    }
}

impl Words {
    /// The ids of the words holding the finder's word.
    fn holding<'a>(&'a self, finder: &'a Finder) -> impl Iterator<Item = usize> + 'a {
        let mut from = 0;
        std::iter::from_fn(move || {
            let at = from + finder.find(self.text.as_bytes().get(from..)?)?;
            let id = self.starts.partition_point(|&s| s <= at).checked_sub(1)?;
            // On to the next word: each word counts once.
            from = *self.starts.get(id + 1)?;
            Some(id)
        })
    }

    /// The agenda positions holding word `id`, ascending.
    fn positions(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        let bytes = self.postings.get(id).map_or(&[][..], |p| &p[..]);
        let (mut i, mut at) = (0, 0);
        std::iter::from_fn(move || {
            let (gap, len) = read_gap(bytes.get(i..)?)?;
            i += len;
            at += gap;
            Some(at)
        })
    }
}

/// Append a gap between two positions, in LEB128 bytes.
fn push_gap(out: &mut Vec<u8>, mut gap: usize) {
    while gap >= 0x80 {
        out.push((gap & 0x7f) as u8 | 0x80);
        gap >>= 7;
    }
    out.push(gap as u8);
}

/// The gap `bytes` start with, and how many bytes it takes.
fn read_gap(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut gap = 0;
    for (i, &b) in bytes.iter().enumerate() {
        gap |= usize::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            return Some((gap, i + 1));
        }
    }
    None
}

/// The words as an item at a time adds them.
#[derive(Debug, Clone, Default)]
struct WordsBuilder {
    ids: Map<Box<str>, usize>,
    text: String,
    starts: Vec<usize>,
    postings: Vec<Vec<u8>>,
    /// The last position added to each word's postings.
    last: Vec<Option<usize>>,
    /// Each word's letters (an item's are those of its words).
    letters: Vec<u64>,
    lower: String,
}

impl WordsBuilder {
    /// A word occurs at agenda position `pos` (positions come in ascending order): `w`, or
    /// `w` lower-cased where it has ASCII capitals. The word's letters.
    fn add(&mut self, w: &str, pos: usize) -> u64 {
        let id = self.id(w);
        let (Some(last), Some(out), Some(&letters)) = (
            self.last.get_mut(id),
            self.postings.get_mut(id),
            self.letters.get(id),
        ) else {
            return 0;
        };
        if *last == Some(pos) {
            return letters;
        }
        push_gap(out, pos - last.unwrap_or(0));
        *last = Some(pos);
        letters
    }

    /// Take in the words of `later`, made for agenda positions after all of these.
    fn absorb(&mut self, later: WordsBuilder) {
        let words = later.text.split_terminator('\n');
        for ((w, postings), last) in words.zip(later.postings).zip(later.last) {
            let id = self.id(w);
            // The first gap of `later`'s postings is from 0: from this word's last here.
            let Some((first, len)) = read_gap(&postings) else {
                continue;
            };
            if let (Some(out), Some(mine)) = (self.postings.get_mut(id), self.last.get_mut(id)) {
                push_gap(out, first - mine.unwrap_or(0));
                out.extend_from_slice(postings.get(len..).unwrap_or_default());
                *mine = last;
            }
        }
    }

    /// The id of `w` lower-cased, a new one for a word not seen before.
    fn id(&mut self, w: &str) -> usize {
        let w = if w.bytes().any(|b| b.is_ascii_uppercase()) {
            self.lower.clear();
            self.lower.push_str(w);
            self.lower.make_ascii_lowercase();
            self.lower.as_str()
        } else {
            w
        };
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.starts.len();
        self.starts.push(self.text.len());
        self.text.push_str(w);
        self.text.push('\n');
        self.postings.push(Vec::new());
        self.last.push(None);
        self.letters.push(letters_of(w));
        self.ids.insert(w.into(), id);
        id
    }

    fn finish(self) -> Words {
        let mut starts = self.starts;
        starts.push(self.text.len());
        Words {
            text: self.text,
            starts,
            postings: self
                .postings
                .into_iter()
                .map(Vec::into_boxed_slice)
                .collect(),
        }
    }
}

/// A set of agenda positions, a bit each.
#[derive(Debug, Clone, Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::by_the_texts;
    use super::*;
    use crate::model::agenda;

    /// The shipped plan, its agenda and its index.
    fn shipped() -> (Plan, Vec<Node>, Index) {
        let plan = crate::store::bundled().unwrap();
        let ag = agenda::build(&plan);
        let index = Index::build(&plan);
        (plan, ag, index)
    }

    fn at(plan: &Plan, agenda: &[Node], id: &str) -> usize {
        agenda.iter().position(|n| n.id(plan) == id).unwrap()
    }

    fn agrees(plan: &Plan, agenda: &[Node], hay: &Haystack, queries: &[&str]) {
        for q in queries {
            let q = Query::new(q);
            assert_eq!(
                hay.find(&q, 0..agenda.len()),
                by_the_texts(plan, agenda, &q),
                "{q:?}"
            );
        }
    }

    #[test]
    fn an_edit_is_read_again_only_where_it_changed_a_text() {
        let (mut plan, ag, mut index) = shipped();
        let mut hay = Haystack::new(&plan, &ag, &index);
        let (item, other) = (at(&plan, &ag, "1.1.3"), at(&plan, &ag, "2.1.1"));
        let old = plan.action("1.1.3").unwrap().progress.clone().unwrap();
        // A rating: its priority's stamp moves, no text changes.
        let p = index.priority_of("1.1.3").unwrap();
        index.touch(p);
        assert_eq!(hay.update(&plan, &ag, &index), Some(vec![]));
        // A new progress note: that item alone.
        plan.action_mut("1.1.3").unwrap().progress = Some("Zebracrossing: ÉLÈVE, 42".into());
        index.touch(p);
        assert_eq!(hay.update(&plan, &ag, &index), Some(vec![item]));
        assert_eq!(hay.update(&plan, &ag, &index), Some(vec![]));
        let first_old: String = old.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
        agrees(
            &plan,
            &ag,
            &hay,
            &[
                "zebra", "eleve 42", "z", "4", "ssing:", &first_old, "murphy",
            ],
        );
        // Something outside the texts (a decision, a tick): nothing read again.
        index.touch_content();
        assert_eq!(hay.update(&plan, &ag, &index), Some(vec![]));
        // New periods (or a new index, the plan read again) compare every item: one whose
        // priority's stamp did not move is found too.
        plan.action_mut("2.1.1").unwrap().progress = Some("quokka".into());
        index.reindex_periods(&plan);
        assert_eq!(hay.update(&plan, &ag, &index), Some(vec![other]));
        agrees(&plan, &ag, &hay, &["quokka", "zebra", "q"]);
        // Another agenda: made again whole.
        assert_eq!(hay.update(&plan, &ag[..ag.len() - 1], &index), None);
    }

    #[test]
    fn past_an_eighth_of_the_agenda_changed_it_is_made_again_whole() {
        let (mut plan, ag, mut index) = shipped();
        let mut hay = Haystack::new(&plan, &ag, &index);
        let ids: Vec<String> = plan.actions().map(|a| a.id.clone()).collect();
        for id in ids.iter().take(ag.len() / 8 + 1) {
            plan.action_mut(id).unwrap().progress = Some(format!("wombat {id}"));
        }
        for p in 0..plan.priorities.len() {
            index.touch(p);
        }
        assert_eq!(hay.update(&plan, &ag, &index), None);
        assert!(hay.changed.texts.is_empty());
        agrees(&plan, &ag, &hay, &["wombat", "wombat 1.1", "w"]);
        assert_eq!(hay.update(&plan, &ag, &index), Some(vec![]));
    }

    #[test]
    fn made_a_slice_at_a_time_it_catches_the_edits_made_meanwhile() {
        let (mut plan, ag, mut index) = shipped();
        let mut making = Making::start(&plan, &ag, &index);
        assert!(!making.step(&plan, &ag, 7));
        // An item already indexed, and one not yet, change before the making ends.
        for (id, text) in [("1.1.1", "kookaburra"), ("5.1.1", "platypus")] {
            plan.action_mut(id).unwrap().progress = Some(text.into());
            index.touch(index.priority_of(id).unwrap());
        }
        while !making.step(&plan, &ag, 7) {}
        let mut hay = making.finish(&plan, &ag);
        assert_eq!(
            hay.update(&plan, &ag, &index),
            Some(vec![at(&plan, &ag, "1.1.1")])
        );
        agrees(
            &plan,
            &ag,
            &hay,
            &["kookaburra", "platypus", "murphy", "s", "costed"],
        );
    }

    #[test]
    fn made_in_parts_on_threads_it_is_as_made_on_one() {
        let plan = crate::store::bundled().unwrap();
        let ag = agenda::build(&plan);
        let mut one = Items::default();
        one.index(&plan, &ag, 0..ag.len());
        for threads in [2, 3, 7] {
            let mut parts = Items::default();
            for part in Items::of(&plan, &ag, 0..ag.len(), threads) {
                parts.absorb(part);
            }
            assert_eq!(parts.letters, one.letters);
            assert_eq!(parts.hashes, one.hashes);
            assert_eq!(parts.words.text, one.words.text, "{threads}");
            assert_eq!(parts.words.postings, one.words.postings, "{threads}");
            assert_eq!(parts.words.last, one.words.last);
        }
    }

    #[test]
    fn postings_read_back_as_written() {
        let mut b = WordsBuilder::default();
        let positions = [0, 1, 127, 128, 300, 16_384, 16_385, 2_000_000];
        for &p in &positions {
            b.add("word", p);
            b.add("word", p);
        }
        b.add("other", 5);
        let w = b.finish();
        assert_eq!(w.positions(0).collect::<Vec<_>>(), positions);
        assert_eq!(w.positions(1).collect::<Vec<_>>(), [5]);
        let ids = |word: &str| w.holding(&Finder::new(word)).collect::<Vec<_>>();
        assert_eq!(ids("r"), [0, 1]);
        assert_eq!(ids("ot"), [1]);
        assert!(ids("zz").is_empty());
    }
}
