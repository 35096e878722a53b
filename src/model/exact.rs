//! Lists read at their length. serde reads a list of unknown length into a `Vec` grown
//! by doubling, which leaves it with room to spare: at 100,000 actions 14 MB of the plan
//! was spare room (measures, actions, objectives). `shrink_to_fit` does not give it back
//! under the binary's allocator (mimalloc keeps a block shrunk by up to half), so a list
//! with room to spare is moved into one made at its length.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// `list` in a `Vec` with no room to spare.
pub fn fitted<T>(list: Vec<T>) -> Vec<T> {
    if list.capacity() == list.len() {
        return list;
    }
    let mut out = Vec::with_capacity(list.len());
    out.extend(list);
    out
}

/// Read a list at its length (`#[serde(deserialize_with = "exact::vec")]`).
pub fn vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Fitted<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for Fitted<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(x) = seq.next_element()? {
                out.push(x);
            }
            Ok(fitted(out))
        }
    }

    d.deserialize_seq(Fitted(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_read_has_no_room_to_spare() {
        #[derive(serde::Deserialize)]
        struct Holder {
            #[serde(deserialize_with = "vec")]
            items: Vec<String>,
        }
        for n in [0, 1, 2, 3, 5, 9, 100] {
            let items: Vec<String> = (0..n).map(|i| format!("\"{i}\"")).collect();
            let text = format!("(items: [{}])", items.join(", "));
            let h: Holder = ron::from_str(&text).unwrap();
            assert_eq!(h.items.len(), n);
            assert_eq!(h.items.capacity(), n, "{n} items");
            assert_eq!(
                h.items.last().cloned(),
                n.checked_sub(1).map(|i| i.to_string())
            );
        }
        // A plain Vec read the same way would have room to spare (why this exists).
        let plain: Vec<String> = ron::from_str("[\"a\", \"b\", \"c\"]").unwrap();
        assert!(plain.capacity() > plain.len());
    }
}
