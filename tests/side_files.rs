//! What the files beside the plan say, kept on the meeting's screen until dealt with.

mod common;

use common::plan_on_disk;

/// A merge's unsettled conflicts stay on the meeting's screen until settled (issue 23's
/// side file, shown by the view), and go once settled from the command line.
#[test]
fn unsettled_merge_conflicts_stay_on_screen_until_settled() {
    use ragboard::app::{self, Input};
    use ragboard::model::merge::{Conflict, Side};
    use ragboard::store::conflicts;
    let disk = plan_on_disk();
    let conflict = Conflict {
        cell: "action 1.1.2 rating 01-18".into(),
        item: Some("1.1.2".into()),
        base: "4 (Completed, sustained)".into(),
        ours: "3 (On track)".into(),
        theirs: "2 (Started, some delay)".into(),
        kept: Side::Ours,
        rule: None,
    };
    conflicts::record(&disk.path, &[conflict], chrono::Utc::now()).unwrap();
    let mut a = common::open(&disk.path, "ann");
    let s = common::screen::drawn(&mut a, 200, 50);
    for e in app::handle(&mut a, Input::Tick) {
        app::perform(&mut a, e);
    }
    let s2 = common::screen::screen(&a, 200, 50);
    assert!(
        s.contains("1 MERGE CONFLICT(S) NOT SETTLED")
            || s2.contains("1 MERGE CONFLICT(S) NOT SETTLED"),
        "{s2}"
    );
    assert!(s2.contains("action 1.1.2 rating 01-18"), "{s2}");
    common::keys(&mut a, "nnn");
    assert!(
        common::screen::screen(&a, 200, 50).contains("NOT SETTLED"),
        "keys do not wipe it"
    );
    conflicts::settle(&disk.path, &conflicts::Settle::All).unwrap();
    for e in app::handle(&mut a, Input::Tick) {
        app::perform(&mut a, e);
    }
    assert!(!common::screen::screen(&a, 200, 50).contains("NOT SETTLED"));
}
