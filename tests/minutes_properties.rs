//! Properties of the minutes commands: import never panics on any text; a merge where one
//! side changed nothing gives the other side; merging is symmetric when the sides touch
//! different cells; a diff is empty exactly when the plans are equal.

use std::path::Path;

use proptest::prelude::*;
use ragboard::interchange::import::{ImportOptions, import};
use ragboard::model::diff::diff;
use ragboard::model::merge::merge;
use ragboard::model::{Plan, Rating};
use ragboard::store;

fn small() -> Plan {
    store::parse(
        include_str!("fixtures/rag-small.ron"),
        Path::new("small.ron"),
    )
    .unwrap()
}

fn opts() -> ImportOptions {
    ImportOptions::bare("t", small().scale)
}

const ACTIONS: [&str; 4] = ["1.1.1", "1.1.2", "1.1.3", "2.1.1"];
const PERIODS: [&str; 2] = ["q1", "q2"];

/// A set of cell edits: (action, period, rating; 0 clears).
fn edits() -> impl Strategy<Value = Vec<(usize, usize, Rating)>> {
    prop::collection::vec((0..4usize, 0..2usize, 0..5u8), 0..6)
}

fn apply(plan: &Plan, edits: &[(usize, usize, Rating)]) -> Plan {
    let mut p = plan.clone();
    for &(a, per, r) in edits {
        let action = p.action_mut(ACTIONS[a]).unwrap();
        if r == 0 {
            action.ratings.remove(PERIODS[per]);
        } else {
            action.ratings.insert(PERIODS[per], r);
        }
    }
    p
}

/// The plan with explicit 0 ("not rated") entries dropped: 0 and absent mean the same, and
/// the merge keeps whichever the winning side wrote.
fn norm(p: &Plan) -> Plan {
    let mut p = p.clone();
    for pr in p.priorities_mut() {
        for ob in &mut pr.objectives {
            for a in &mut ob.actions {
                a.ratings.retain(|_, r| *r != 0);
            }
        }
    }
    p
}

#[test]
fn diff_sees_an_action_moved_to_another_objective() {
    let old = small();
    let mut new = old.clone();
    let a = std::sync::Arc::make_mut(&mut new.priorities[0]).objectives[0]
        .actions
        .remove(0);
    std::sync::Arc::make_mut(&mut new.priorities[1]).objectives[0]
        .actions
        .push(a);
    let d = diff(&old, &new, "a", "b");
    let text = ragboard::report::render_diff(&d, ragboard::report::DiffFormat::Text);
    assert!(
        text.contains("~ action 1.1.1 objective: \"1.1\" → \"2.1\""),
        "{text}"
    );
}

proptest! {
    #[test]
    fn import_never_panics(text in "[a-zA-Z0-9 ,\"\\n/\\-]{0,200}") {
        let _ = import(&text, &opts());
    }

    #[test]
    fn import_never_panics_under_real_headings(
        rows in prop::collection::vec("[a-zA-Z0-9 ,\"/\\-]{0,40}", 0..6)
    ) {
        let text = format!("priority,outcome,action,due,RAG 01/18,board RAG 01/18,progress\n{}", rows.join("\n"));
        let _ = import(&text, &opts());
    }

    #[test]
    fn one_side_unchanged_gives_the_other(e in edits()) {
        let base = small();
        let changed = apply(&base, &e);
        let m = merge(Some(&base), &base, &changed);
        prop_assert!(m.conflicts.is_empty());
        prop_assert_eq!(norm(&m.plan), norm(&changed));
        let m = merge(Some(&base), &changed, &base);
        prop_assert!(m.conflicts.is_empty());
        // Ours unchanged from base except where it changed: exactly ours.
        prop_assert_eq!(&m.plan, &changed);
    }

    #[test]
    fn merge_conflicts_only_where_both_changed_a_cell(a in edits(), b in edits()) {
        let base = small();
        let (ours, theirs) = (apply(&base, &a), apply(&base, &b));
        let m = merge(Some(&base), &ours, &theirs);
        for action in ACTIONS {
            for period in PERIODS {
                let cell = |p: &Plan| p.action(action).unwrap().rating(period);
                let (b0, o, t, r) = (cell(&base), cell(&ours), cell(&theirs), cell(&m.plan));
                let conflict = m.conflicts.iter().any(|c| c.cell == format!("action {action} rating {period}"));
                if o != b0 && t != b0 && o != t {
                    prop_assert!(conflict);
                    prop_assert_eq!(r, o);
                } else {
                    prop_assert!(!conflict);
                    prop_assert_eq!(r, if o != b0 { o } else { t });
                }
            }
        }
        if m.conflicts.is_empty() {
            prop_assert_eq!(norm(&merge(Some(&base), &theirs, &ours).plan), norm(&m.plan));
        }
    }

    #[test]
    fn diff_is_empty_exactly_when_equal(a in edits(), b in edits()) {
        let base = small();
        let (x, y) = (apply(&base, &a), apply(&base, &b));
        let d = diff(&x, &y, "x", "y");
        prop_assert_eq!(d.equal, x == y);
        prop_assert_eq!(d.entries.is_empty(), x == y);
    }
}
