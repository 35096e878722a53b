//! An item's ratings by period, kept small. A plan of 100,000 actions holds a million
//! ratings; as a map of period-id strings they took 54 MiB (a tree node and a string per
//! rating), a quarter of the plan. Here a period id is interned once for the process and
//! a rating is 8 bytes: its period's number and its value, in one allocation per item.
//!
//! It reads like the map it replaces: ratings in the order of their period ids' text,
//! looked up by id, a rating typed twice for one period refused when read.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::{LazyLock, RwLock};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::Rating;

/// A period id, interned: the same text is the same key everywhere in the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key(u32);

/// Interned ids: by text, and each key's text. Ids are few (a plan's periods), so their
/// texts are kept for the life of the process.
#[derive(Default)]
struct Table {
    keys: HashMap<&'static str, Key>,
    names: Vec<Option<&'static str>>,
}

static TABLE: LazyLock<RwLock<Table>> = LazyLock::new(RwLock::default);

thread_local! {
    /// What this thread has looked up already, so reading a plan on several threads
    /// takes no lock per rating.
    static LOCAL: RefCell<Table> = RefCell::new(Table::default());
}

impl Table {
    fn learn(&mut self, name: &'static str, key: Key) {
        self.keys.insert(name, key);
        let i = key.0 as usize;
        if self.names.len() <= i {
            self.names.resize(i + 1, None);
        }
        self.names[i] = Some(name);
    }
}

impl Key {
    /// The key of `id`, interning it if it is new.
    fn of(id: &str) -> Key {
        if let Some(k) = Key::find(id) {
            return k;
        }
        let (name, key) = {
            let mut t = TABLE.write().unwrap_or_else(|e| e.into_inner());
            match t.keys.get_key_value(id) {
                Some((&name, &key)) => (name, key),
                None => {
                    let name: &'static str = Box::leak(id.into());
                    let key = Key(t.names.len() as u32);
                    t.learn(name, key);
                    (name, key)
                }
            }
        };
        LOCAL.with(|l| l.borrow_mut().learn(name, key));
        key
    }

    /// The key of `id` if any rating ever named it (else nothing is rated for it).
    fn find(id: &str) -> Option<Key> {
        if let Some(k) = LOCAL.with(|l| l.borrow().keys.get(id).copied()) {
            return Some(k);
        }
        let (name, key) = {
            let t = TABLE.read().unwrap_or_else(|e| e.into_inner());
            let (&name, &key) = t.keys.get_key_value(id)?;
            (name, key)
        };
        LOCAL.with(|l| l.borrow_mut().learn(name, key));
        Some(key)
    }

    fn name(self) -> &'static str {
        let i = self.0 as usize;
        if let Some(Some(n)) = LOCAL.with(|l| l.borrow().names.get(i).copied()) {
            return n;
        }
        // Every key was made by `of`, which named it.
        let name = TABLE
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .names
            .get(i)
            .copied()
            .flatten()
            .unwrap_or("");
        LOCAL.with(|l| l.borrow_mut().learn(name, self));
        name
    }
}

/// Ratings of one item, keyed by period id; only rated periods are stored. In the order
/// of the ids' text, as the map it replaces kept them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Ratings(Box<[(Key, Rating)]>);

impl Ratings {
    pub fn new() -> Ratings {
        Ratings::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn position(&self, period: &str) -> Option<usize> {
        let key = Key::find(period)?;
        self.0.iter().position(|(k, _)| *k == key)
    }

    pub fn get(&self, period: &str) -> Option<&Rating> {
        self.position(period).map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, period: &str) -> bool {
        self.position(period).is_some()
    }

    /// Set the rating for `period`, returning the one it replaces.
    pub fn insert(&mut self, period: impl AsRef<str>, rating: Rating) -> Option<Rating> {
        let period = period.as_ref();
        if let Some(i) = self.position(period) {
            return Some(std::mem::replace(&mut self.0[i].1, rating));
        }
        let key = Key::of(period);
        let at = self.0.partition_point(|(k, _)| k.name() < period);
        let mut v = std::mem::take(&mut self.0).into_vec();
        v.insert(at, (key, rating));
        self.0 = v.into_boxed_slice();
        None
    }

    pub fn remove(&mut self, period: &str) -> Option<Rating> {
        let i = self.position(period)?;
        let mut v = std::mem::take(&mut self.0).into_vec();
        let (_, r) = v.remove(i);
        self.0 = v.into_boxed_slice();
        Some(r)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Rating) -> bool) {
        let mut v = std::mem::take(&mut self.0).into_vec();
        v.retain_mut(|(k, r)| keep(k.name(), r));
        self.0 = v.into_boxed_slice();
    }

    pub fn clear(&mut self) {
        self.0 = Box::default();
    }

    /// Period ids and ratings, in the order of the ids' text.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.0.iter())
    }

    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(k, _)| k.name())
    }

    pub fn values(&self) -> impl Iterator<Item = &Rating> + '_ {
        self.0.iter().map(|(_, r)| r)
    }

    /// Made from entries read in any order, each key once (the reader refuses a repeat).
    fn from_entries(mut v: Vec<(Key, Rating)>) -> Ratings {
        // Names fetched once each, not per comparison.
        let mut named: Vec<(&'static str, Key, Rating)> =
            v.drain(..).map(|(k, r)| (k.name(), k, r)).collect();
        named.sort_by(|a, b| a.0.cmp(b.0));
        v.extend(named.into_iter().map(|(_, k, r)| (k, r)));
        Ratings(v.into_boxed_slice())
    }
}

impl fmt::Debug for Ratings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Period ids and ratings, in the order of the ids' text.
pub struct Iter<'a>(std::slice::Iter<'a, (Key, Rating)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'static str, &'a Rating);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, r)| (k.name(), r))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'a> IntoIterator for &'a Ratings {
    type Item = (&'static str, &'a Rating);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// As a map's collect: a later rating for a period replaces an earlier one.
impl<K: AsRef<str>> FromIterator<(K, Rating)> for Ratings {
    fn from_iter<I: IntoIterator<Item = (K, Rating)>>(iter: I) -> Ratings {
        let mut out = Ratings::new();
        for (k, r) in iter {
            out.insert(k, r);
        }
        out
    }
}

impl Serialize for Ratings {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// A period id read as a key: interned as it is read, never made a `String`.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a period id")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(Key::of(v))
    }
}

impl<'de> Deserialize<'de> for Ratings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ratings, D::Error> {
        struct Map;

        impl<'de> Visitor<'de> for Map {
            type Value = Ratings;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map with each key once")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Ratings, A::Error> {
                let mut v = Vec::with_capacity(access.size_hint().unwrap_or(0).min(64));
                // Past a plan's usual dozen periods, a set finds a repeat.
                let mut seen = std::collections::HashSet::new();
                while let Some(k) = access.next_key_seed(KeySeed)? {
                    // Refused here, where the reader stands, as a map of strings did.
                    let again = if v.len() < 32 {
                        v.iter().any(|(s, _)| *s == k)
                    } else {
                        if seen.is_empty() {
                            seen.extend(v.iter().map(|(s, _): &(Key, Rating)| *s));
                        }
                        !seen.insert(k)
                    };
                    if again {
                        return Err(de::Error::custom(format!(
                            "duplicate key {:?}: each key may appear once",
                            k.name()
                        )));
                    }
                    v.push((k, access.next_value::<Rating>()?));
                }
                Ok(Ratings::from_entries(v))
            }
        }

        d.deserialize_map(Map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn read(text: &str) -> Result<Ratings, ron::error::SpannedError> {
        ron::from_str(text)
    }

    #[test]
    fn reads_writes_and_answers_as_the_map_it_replaces() {
        let text = r#"{"05-18": 2, "initial": 3, "03-18": 0, "01-19": 5}"#;
        let r = read(text).unwrap();
        let map: BTreeMap<String, Rating> = ron::from_str(text).unwrap();
        assert_eq!(r.len(), map.len());
        assert!(r.iter().map(|(k, v)| (k.to_string(), *v)).eq(map.clone()));
        for id in ["05-18", "initial", "03-18", "01-19", "nope", ""] {
            assert_eq!(r.get(id), map.get(id), "{id}");
            assert_eq!(r.contains_key(id), map.contains_key(id), "{id}");
        }
        assert_eq!(ron::to_string(&r).unwrap(), ron::to_string(&map).unwrap());
        assert_eq!(format!("{r:?}"), format!("{map:?}"));
    }

    #[test]
    fn edits_keep_the_order_of_the_ids_text() {
        let mut r = Ratings::new();
        let mut map = BTreeMap::new();
        for (i, id) in ["m", "c", "x", "a", "c", "zz", "b"].iter().enumerate() {
            let v = i as Rating;
            assert_eq!(r.insert(*id, v), map.insert(id.to_string(), v));
        }
        assert_eq!(r.remove("x"), map.remove("x"));
        assert_eq!(r.remove("x"), None);
        r.retain(|k, v| k != "b" && *v != 3);
        map.retain(|k, v| k != "b" && *v != 3);
        assert!(r.iter().map(|(k, v)| (k.to_string(), *v)).eq(map.clone()));
        let collected: Ratings = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(collected, r);
        r.clear();
        assert!(r.is_empty());
    }

    #[test]
    fn a_period_given_twice_is_refused() {
        let e = read(r#"{"03-18": 1, "05-18": 2, "03-18": 3}"#).unwrap_err();
        assert!(e.to_string().contains(r#"duplicate key "03-18""#), "{e}");
    }

    #[test]
    fn ratings_read_on_other_threads_are_the_same() {
        let text = r#"{"t-b": 1, "t-a": 2}"#;
        let here = read(text).unwrap();
        let there = std::thread::spawn(move || read(text).unwrap())
            .join()
            .unwrap();
        assert_eq!(here, there);
        assert_eq!(there.keys().collect::<Vec<_>>(), ["t-a", "t-b"]);
    }

    #[test]
    fn a_rating_takes_eight_bytes() {
        assert_eq!(std::mem::size_of::<(Key, Rating)>(), 8);
        assert_eq!(std::mem::size_of::<Ratings>(), 16);
    }
}
