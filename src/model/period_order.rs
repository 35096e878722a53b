//! Ratings are written in the plan's period order ("initial", "01/18", "03/18"), the
//! order a reader expects, not sorted as strings (which puts "initial" last). A rating map
//! does not know the plan's periods, so the writer sets them for the duration of one
//! serialisation (`with`); elsewhere maps are written in key order.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::Serializer;

use super::{Plan, Ratings};

thread_local! {
    static ORDER: RefCell<Option<HashMap<String, usize>>> = const { RefCell::new(None) };
}

/// Run `f` (a serialisation of `plan`) with ratings written in `plan`'s period order.
pub fn with<T>(plan: &Plan, f: impl FnOnce() -> T) -> T {
    let order = plan
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    ORDER.with(|o| *o.borrow_mut() = Some(order));
    let out = f();
    ORDER.with(|o| *o.borrow_mut() = None);
    out
}

pub fn ratings<S: Serializer>(r: &Ratings, s: S) -> Result<S::Ok, S::Error> {
    ORDER.with(|o| {
        let order = o.borrow();
        let mut entries: Vec<_> = r.iter().collect();
        if let Some(order) = order.as_ref() {
            // Unknown periods (refused by validation) go last, in key order.
            entries.sort_by_key(|(k, _)| (order.get(*k).copied().unwrap_or(usize::MAX), *k));
        }
        s.collect_map(entries)
    })
}
