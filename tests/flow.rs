//! The meeting flow as a chair and an officer meet it: the meeting's own period on opening,
//! corrections to past periods, and the traps around them.

mod common;

use common::screen::screen as draw;
use common::*;
use ragboard::app::{self, Action, App, Overlay};
use ragboard::crossterm::event::KeyCode;
use ragboard::store;
use ragboard::ui::theme::ThemeName;

/// The app on `path` as `user`, with no `--period`: what a chair gets by default, at a
/// meeting on 15 July 2018, after the plan's last period (RAG 05/18 covers May and June).
fn open_default(path: &std::path::Path, user: &str) -> App {
    open_on(
        path,
        user,
        chrono::NaiveDate::from_ymd_opt(2018, 7, 15).unwrap(),
    )
}

fn open_on(path: &std::path::Path, user: &str, today: chrono::NaiveDate) -> App {
    let mut opts = options(ThemeName::Default);
    opts.period = None;
    opts.today = today;
    App::new(meeting(path, user), opts)
}

#[test]
fn opening_offers_this_meetings_period_and_records_into_it() {
    let disk = plan_on_disk();
    let mut a = open_default(&disk.path, "ann");
    // Meeting 15 July 2018, after RAG 05/18's span: the chair is offered the plan's next
    // period by its own cadence (every two months) and naming.
    assert_eq!(
        a.overlay().cloned(),
        Some(Overlay::StartPeriod {
            label: "RAG 07/18".into()
        })
    );
    // The label can be edited before starting.
    for _ in 0..5 {
        press(&mut a, KeyCode::Backspace);
    }
    keys(&mut a, "Jul 2018");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay().cloned(), None);
    assert_eq!(a.period_label(), "RAG Jul 2018");
    assert_eq!(a.period_id(), "07-18");
    assert!(!a.in_past_period());
    go(&mut a, "1.1.1");
    keys(&mut a, "3");
    ctrl(&mut a, 's');
    let saved = store::load(&disk.path).unwrap().plan;
    let a111 = saved.action("1.1.1").unwrap();
    assert_eq!(a111.rating("07-18"), Some(3));
    assert_eq!(
        a111.rating("01-18"),
        Some(4),
        "last period's history untouched"
    );
    let c = saved.changes.last().unwrap();
    assert!(
        !c.correction,
        "a rating in the meeting's period is no correction"
    );
}

/// `c` on the past-period question, then the reason, then Enter.
fn correct_with(a: &mut App, reason: &str) {
    keys(a, "c");
    assert!(
        matches!(&a.overlay().cloned(), Some(Overlay::Note(f)) if f.correct.is_some()),
        "the reason form: {:?}",
        a.overlay().cloned()
    );
    keys(a, reason);
    press(a, KeyCode::Enter);
}

#[test]
fn a_digit_in_a_past_period_asks_and_a_correction_is_marked() {
    let disk = plan_on_disk();
    let mut a = open_default(&disk.path, "ann");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay().cloned(), None);
    assert_eq!(
        a.period_label(),
        "RAG 01/18",
        "the latest rated period is shown"
    );
    assert!(a.in_past_period());
    go(&mut a, "1.1.1");
    keys(&mut a, "3");
    assert_eq!(
        a.overlay().cloned(),
        Some(Overlay::PastPeriod { value: Some(3) })
    );
    assert_eq!(
        a.plan().action("1.1.1").unwrap().rating("01-18"),
        Some(4),
        "nothing changed before the choice"
    );
    // Esc cancels: still nothing changed.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("01-18"), Some(4));
    assert_eq!(a.meeting().unsaved(), 0);
    // Asked again; `c` asks why, and a correction without a reason is refused.
    keys(&mut a, "3");
    keys(&mut a, "c");
    press(&mut a, KeyCode::Enter);
    assert!(
        matches!(&a.overlay().cloned(), Some(Overlay::Note(_))),
        "still asking: {:?}",
        a.status()
    );
    assert!(a.status().unwrap_or("").contains("needs a reason"));
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("01-18"), Some(4));
    keys(&mut a, "misread at the time");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay().cloned(), None);
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("01-18"), Some(3));
    // No correction mode: the next digit in that period asks again.
    go(&mut a, "1.1.2");
    keys(&mut a, "2");
    assert_eq!(
        a.overlay().cloned(),
        Some(Overlay::PastPeriod { value: Some(2) })
    );
    correct_with(&mut a, "board agreed");
    assert_eq!(a.overlay().cloned(), None);
    ctrl(&mut a, 's');
    let text = std::fs::read_to_string(&disk.path).unwrap();
    let saved = store::parse(&text, &disk.path).unwrap();
    let last: Vec<_> = saved.changes.iter().rev().take(2).collect();
    assert!(last.iter().all(|c| c.correction && c.period == "01-18"));
    assert_eq!(last[0].note.as_deref(), Some("board agreed"));
    assert_eq!(last[1].note.as_deref(), Some("misread at the time"));
    assert!(text.contains("correction: true"), "the file records it");
    // Saving does not turn later ratings into corrections either.
    go(&mut a, "1.1.3");
    keys(&mut a, "1");
    assert_eq!(
        a.overlay().cloned(),
        Some(Overlay::PastPeriod { value: Some(1) })
    );
}

#[test]
fn from_a_past_period_s_starts_the_meetings_period_instead() {
    let disk = plan_on_disk();
    let mut a = open_default(&disk.path, "ann");
    press(&mut a, KeyCode::Esc);
    go(&mut a, "1.1.1");
    keys(&mut a, "2");
    keys(&mut a, "v");
    assert!(matches!(
        a.overlay().cloned(),
        Some(Overlay::StartPeriod { .. })
    ));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.period_id(), "07-18");
    // The digit must be pressed again: nothing was recorded behind the user's back.
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("07-18"), None);
    keys(&mut a, "2");
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("07-18"), Some(2));
}

#[test]
fn a_plan_with_this_months_period_opens_on_it_without_asking() {
    let disk = plan_on_disk();
    let mut opts = options(ThemeName::Default);
    opts.period = None;
    // 01/18 is dated 1 January 2018: a meeting on 20 January records into it.
    opts.today = chrono::NaiveDate::from_ymd_opt(2018, 1, 20).unwrap();
    let mut a = App::new(meeting(&disk.path, "ann"), opts);
    assert_eq!(a.overlay().cloned(), None);
    assert_eq!(a.period_id(), "01-18");
    assert!(!a.in_past_period());
    go(&mut a, "1.1.1");
    keys(&mut a, "2");
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("01-18"), Some(2));
}

#[test]
fn a_meeting_between_two_columns_records_into_the_one_whose_span_holds_it() {
    let disk = plan_on_disk();
    // RAG 01/18 runs until RAG 03/18 begins: a meeting on 1 February is in it.
    let a = open_on(
        &disk.path,
        "ann",
        chrono::NaiveDate::from_ymd_opt(2018, 2, 1).unwrap(),
    );
    assert_eq!(a.overlay().cloned(), None, "nothing to ask");
    assert_eq!(a.period_id(), "01-18");
    assert!(!a.in_past_period());
}

#[test]
fn a_june_2015_meeting_on_the_cypp_records_into_review_2015_16_without_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cypp.ron");
    std::fs::copy("data/cypp-2013-16.ron", &path).unwrap();
    let mut a = open_on(
        &path,
        "ann",
        chrono::NaiveDate::from_ymd_opt(2015, 6, 15).unwrap(),
    );
    assert_eq!(a.overlay().cloned(), None, "no new monthly column offered");
    assert_eq!(a.period_label(), "Review 2015/16");
    assert!(!a.in_past_period(), "dated 31 March 2016, it is not past");
    let id = a.plan().actions().next().unwrap().id.clone();
    go(&mut a, &id);
    keys(&mut a, "2");
    assert_eq!(a.overlay().cloned(), None, "no correction asked");
    let c = a.meeting().log().last().unwrap().0.clone();
    assert_eq!((c.period.as_str(), c.correction), ("2015-16", false));
    ctrl(&mut a, 's');
    drop(a);
    // After the plan's last review, the next year by its own naming.
    let later = open_on(
        &path,
        "bob",
        chrono::NaiveDate::from_ymd_opt(2016, 6, 15).unwrap(),
    );
    assert_eq!(
        later.overlay().cloned(),
        Some(Overlay::StartPeriod {
            label: "Review 2016/17".into()
        })
    );
}

#[test]
fn choosing_a_past_period_in_the_picker_still_asks_before_rating() {
    let disk = plan_on_disk();
    let mut a = open_default(&disk.path, "ann");
    press(&mut a, KeyCode::Enter); // start 07/18
    keys(&mut a, "v");
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.period_label(), "RAG 05/18");
    assert!(a.in_past_period());
    go(&mut a, "1.1.1");
    app::update(&mut a, Action::Rate(1));
    assert_eq!(
        a.overlay().cloned(),
        Some(Overlay::PastPeriod { value: Some(1) })
    );
}

#[test]
fn a_read_only_copy_is_not_offered_a_period() {
    let disk = plan_on_disk();
    let _first = open_default(&disk.path, "ann");
    let second = open_default(&disk.path, "bob");
    assert!(second.meeting().read_only().is_some());
    assert_eq!(second.overlay().cloned(), None);
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let mut a = app();
    go(&mut a, "1.1.1");
    app::handle(&mut a, app::Input::Resize(30, 10));
    let before = a.pos();
    keys(&mut a, "3nnz");
    press(&mut a, KeyCode::Down);
    assert_eq!(a.pos(), before, "the hidden agenda did not move");
    assert_eq!(a.meeting().unsaved(), 0, "the hidden plan was not rated");
    assert_eq!(a.overlay().cloned(), None);
    // Large enough again: keys act.
    app::handle(&mut a, app::Input::Resize(80, 24));
    keys(&mut a, "3");
    assert_eq!(a.meeting().unsaved(), 1);
}

#[test]
fn presentation_pages_through_every_action_of_a_priority_and_esc_leaves() {
    let mut a = app();
    let p = a
        .plan()
        .priorities
        .iter()
        .position(|p| p.id == "4")
        .unwrap();
    let ids: Vec<String> = a.plan().priorities[p]
        .actions()
        .map(|x| x.id.clone())
        .collect();
    assert_eq!(ids.len(), 27, "priority 4 has 27 actions");
    // Its one objective, 4.1, lists the 27 actions.
    go(&mut a, "4.1");
    keys(&mut a, "f");
    assert!(a.presenting());
    let mut seen = String::new();
    let first = common::screen::drawn(&mut a, 80, 24);
    assert!(!first.contains("Priority Priority"), "{first}");
    assert!(
        first.contains("more line(s)"),
        "says there is more:\n{first}"
    );
    // The chair's keys that act there (issue 20.5): rating the item the room sees and
    // ticking it reviewed, as well as moving on; saving and notes are the agenda's.
    let footer = first.lines().last().unwrap().to_string();
    assert!(
        !footer.contains("save") && !footer.contains("note"),
        "{footer}"
    );
    for want in ["1-5 rate", "n/Space next page", "x reviewed", "Esc leave"] {
        assert!(footer.contains(want), "{want}: {footer}");
    }
    seen.push_str(&first);
    // ↓ scrolls the list before it moves on.
    for _ in 0..60 {
        if a.current() != Some(ragboard::model::Node::Objective(p, 0)) {
            break;
        }
        press(&mut a, KeyCode::Down);
        seen.push_str(&common::screen::drawn(&mut a, 80, 24));
    }
    for id in &ids {
        assert!(seen.contains(&format!("{id} ")), "{id} was never shown");
    }
    press(&mut a, KeyCode::Esc);
    assert!(!a.presenting(), "Esc leaves presentation mode");
}

#[test]
fn the_position_is_shown_locally_as_well_as_globally() {
    let mut a = app();
    go(&mut a, "4.1.6");
    let plan = a.plan();
    let here = ragboard::model::agenda::local_position(plan, a.current().unwrap());
    assert_eq!(here, "Action 6 of 27 in Priority 4");
    go(&mut a, "1.1");
    let here = ragboard::model::agenda::local_position(a.plan(), a.current().unwrap());
    assert_eq!(here, "Objective 1 of 1 in Priority 1");
    go(&mut a, "4.1.6");
    let big = draw(&a, 200, 50);
    assert!(big.contains("Action 6 of 27 in Priority 4 · Item"), "{big}");
    let small = draw(&a, 80, 24);
    assert!(small.contains("Action 6 of 27 in Priority 4"), "{small}");
}

#[test]
fn one_key_collapses_every_level_and_another_press_expands_it() {
    let mut a = app();
    go(&mut a, "3.2.4");
    let all = a.outline().len();
    keys(&mut a, "-");
    let collapsed = a.outline();
    assert_eq!(
        collapsed.len(),
        a.plan().priorities.len(),
        "only priorities show"
    );
    assert_eq!(
        a.current(),
        Some(ragboard::model::Node::Priority(2)),
        "the cursor stays on what is shown"
    );
    keys(&mut a, "-");
    assert_eq!(a.outline().len(), all);
}

#[test]
fn colon_goes_to_an_item_by_its_number() {
    let mut a = app();
    keys(&mut a, ":4");
    press(&mut a, KeyCode::Enter);
    assert_eq!(ragboard::ui::breadcrumb(&a), "Priority 4");
    keys(&mut a, ":3.2.4");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.current_action().unwrap().id, "3.2.4");
    // An unknown number says so and keeps the prompt open.
    keys(&mut a, ":9.9");
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay().cloned(), Some(Overlay::GoTo { .. })));
    assert!(a.status().unwrap().contains("9.9"));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay().cloned(), None);
    assert_eq!(a.current_action().unwrap().id, "3.2.4");
}

#[test]
fn the_agenda_keeps_rows_of_look_ahead_below_the_cursor() {
    let mut a = app();
    for _ in 0..30 {
        press(&mut a, KeyCode::Down);
    }
    let screen = draw(&a, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    let cursor = rows.iter().position(|r| r.contains("│▶")).unwrap();
    let bottom = rows.iter().rposition(|r| r.starts_with('└')).unwrap();
    assert!(
        bottom - cursor > 4,
        "cursor at row {cursor}, box ends at {bottom}:\n{screen}"
    );
}

#[test]
fn help_explains_the_marks() {
    let mut a = app();
    keys(&mut a, "?");
    // After the agenda's keys, some lines down.
    let mut screen = common::screen::drawn(&mut a, 200, 50);
    for _ in 0..40 {
        if screen.contains("overdue: due before the meeting date") {
            break;
        }
        press(&mut a, KeyCode::Down);
        screen = draw(&a, 200, 50);
    }
    assert!(
        screen.contains("overdue: due before the meeting date"),
        "{screen}"
    );
}

#[test]
fn the_saved_file_lists_ratings_in_period_order_and_times_to_the_second() {
    let disk = plan_on_disk();
    let path = disk.path.clone();
    let loaded = store::load(&path).unwrap();
    let doc = store::document::Document::loaded(&path, &loaded.source);
    let mut m = ragboard::meeting::Meeting::open(
        loaded.plan,
        doc,
        "ann",
        Box::new(ragboard::meeting::SystemClock),
    );
    m.add_period(ragboard::model::period_for(
        chrono::NaiveDate::from_ymd_opt(2018, 2, 1).unwrap(),
    ))
    .unwrap();
    m.rate("1.1.1", "02-18", Some(3), Some("why".into()), None)
        .unwrap();
    m.save().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // "initial" first, then by date: not sorted as strings.
    assert!(
        text.contains(r#"ratings: {"initial": 4, "01-18": 4, "02-18": 3},"#),
        "{}",
        text.lines()
            .find(|l| l.contains("\"02-18\": 3"))
            .unwrap_or("")
    );
    let when = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("when:"))
        .unwrap();
    // when: "2026-11-25T18:30:00Z": no fraction of a second.
    assert!(!when.contains('.'), "{when}");
    assert!(when.trim_end().ends_with("Z\","), "{when}");
}

#[test]
fn the_note_form_edits_like_a_text_field_and_takes_several_lines() {
    use ragboard::crossterm::event::{KeyEvent, KeyModifiers};
    let mut a = app();
    go(&mut a, "1.1.3");
    keys(&mut a, "e");
    keys(&mut a, "staff trained");
    let key = |a: &mut App, code: KeyCode, m: KeyModifiers| {
        if let Some(act) = app::action_for_key(a, &KeyEvent::new(code, m)) {
            app::update(a, act);
        }
    };
    key(&mut a, KeyCode::Home, KeyModifiers::NONE);
    keys(&mut a, "All ");
    key(&mut a, KeyCode::End, KeyModifiers::NONE);
    // Tab to the progress field: clear it word by word, then write two lines.
    press(&mut a, KeyCode::Tab);
    for _ in 0..40 {
        key(&mut a, KeyCode::Char('w'), KeyModifiers::CONTROL);
    }
    keys(&mut a, "Trained: 40");
    key(&mut a, KeyCode::Enter, KeyModifiers::ALT);
    app::handle(&mut a, app::Input::Paste("Next: the rest\nby March".into()));
    let screen = draw(&a, 80, 24);
    assert!(
        screen.contains("Tab next field"),
        "the keys show:\n{screen}"
    );
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay().cloned(), None);
    assert_eq!(
        a.plan().action("1.1.3").unwrap().progress.as_deref(),
        Some("Trained: 40\nNext: the rest\nby March")
    );
    let last = a.meeting().last_change().unwrap();
    assert_eq!(last.note.as_deref(), Some("All staff trained"));
}

#[test]
fn the_selected_rows_rating_keeps_its_colour() {
    let mut a = app();
    go(&mut a, "1.1.3");
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| {
        ragboard::ui::render(f, &a);
    })
    .unwrap();
    let buf = t.backend().buffer().clone();
    // The chip of an action rated 2: on the selected row (1.1.3) and on another (1.1.7).
    let chip_bg = |id: &str| {
        (0..24u16).find_map(|y| {
            let row: String = (0..40u16).map(|x| buf[(x, y)].symbol()).collect();
            if !row.starts_with('│') {
                return None; // the agenda's rows only
            }
            let at = row.find(&format!("{id} "))?;
            // The chip is the last thing before the id but the overdue mark: "  2 !1.1.3".
            let before: Vec<char> = row[..at].chars().collect();
            let x = before.iter().rposition(|c| !matches!(c, ' ' | '!'))? as u16;
            Some((buf[(x, y)].symbol().to_string(), buf[(x, y)].bg))
        })
    };
    let (sel_text, sel_bg) = chip_bg("1.1.3").unwrap();
    let (other_text, other_bg) = chip_bg("1.1.7").unwrap();
    assert_eq!((sel_text.as_str(), other_text.as_str()), ("2", "2"));
    assert_eq!(
        sel_bg, other_bg,
        "the selected row's chip has the rating's colour"
    );
}

#[test]
fn the_change_log_shows_titles_direction_who_note_and_corrections() {
    let disk = plan_on_disk();
    let mut a = open_default(&disk.path, "ann");
    press(&mut a, KeyCode::Esc); // stay on the past period
    go(&mut a, "1.1.1");
    keys(&mut a, "2");
    correct_with(&mut a, "restructure delayed");
    keys(&mut a, "c");
    let screen = draw(&a, 200, 50);
    assert!(
        screen.contains("Create clear management structure"),
        "title:\n{screen}"
    );
    assert!(screen.contains("▼ down"), "direction:\n{screen}");
    assert!(screen.contains("ann"), "who:\n{screen}");
    assert!(screen.contains("restructure delayed"), "note:\n{screen}");
    assert!(screen.contains("CORRECTION"), "correction:\n{screen}");
}

#[test]
fn summary_period_applies_to_the_published_comparison() {
    use ragboard::model::summary::Summary;
    use ragboard::report::{Format, render};
    let plan = store::bundled().unwrap();
    let all = render(&Summary::build(&plan, None), Format::Table);
    assert!(all.contains("previous = initial, current = 01-18"), "{all}");
    let one = render(&Summary::build(&plan, Some("01-18")), Format::Table);
    assert!(one.contains("(current = 01-18;"), "{one}");
    // Priority 3's "initial" figure (published 1.5, recomputed 2.00) is not shown.
    assert!(!one.contains("1.5      2.00*"), "{one}");
    let md = render(&Summary::build(&plan, Some("01-18")), Format::Markdown);
    assert!(
        md.contains("| Priority | Published 01-18 | Recomputed |"),
        "{md}"
    );
    assert!(!md.contains("Published initial"), "{md}");
    let none = render(&Summary::build(&plan, Some("03-18")), Format::Table);
    assert!(
        !none.contains("Published summary"),
        "no comparison for 03/18:\n{none}"
    );
}

#[test]
fn check_lists_every_bad_date_in_a_file_and_reads_dates_day_first() {
    let text = std::fs::read_to_string("data/csc-development-plan-2017-19.ron").unwrap();
    let mut dues = text.match_indices("due: \"2018-01\"").map(|(i, _)| i);
    let (first, second) = (dues.next().unwrap(), dues.next().unwrap());
    let mut bad = text.clone();
    // Replace the later one first so the earlier offset stays right.
    bad.replace_range(second..second + 14, "due: \"Jan-18\"");
    bad.replace_range(first..first + 14, "due: \"32/13/2018\"");
    let err = store::parse(&bad, std::path::Path::new("plan.ron")).unwrap_err();
    let msgs: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    let line_of = |at: usize| bad[..at].lines().count();
    assert!(
        msgs[0].starts_with(&format!("plan.ron:{}:", line_of(first + 1))),
        "{msgs:#?}"
    );
    assert!(msgs[0].contains("32/13/2018"), "{msgs:#?}");
    assert!(msgs[1].contains("Jan-18"), "{msgs:#?}");
    // A UK date is read day first.
    let mut uk = text.clone();
    uk.replace_range(first..first + 14, "due: \"01/02/2018\"");
    let plan = store::parse(&uk, std::path::Path::new("plan.ron")).unwrap();
    let canonical = store::to_canonical(&plan).unwrap();
    assert!(canonical.contains("due: \"2018-02-01\""));
}

#[test]
fn every_dialog_shows_its_keys_at_every_size_and_closes_with_esc() {
    let disk = plan_on_disk();
    // An earlier session's journal, so the replay dialog has something to say.
    {
        let mut m = meeting(&disk.path, "ann");
        m.rate(
            "1.1.1",
            "01-18",
            Some(2),
            Some("a long reason ".repeat(8)),
            None,
        )
        .unwrap();
    }
    let long = "Cannot save plan.ron: Permission denied (os error 13) ".repeat(4);
    let overlays: Vec<(Overlay, &str)> = vec![
        (Overlay::Help, "Esc"),
        (Overlay::Periods { selected: 0 }, "Esc back"),
        (Overlay::Changes, "Esc closes"),
        (Overlay::ConfirmQuit, "Esc stay"),
        (Overlay::Conflict(long.clone()), "Esc back"),
        (Overlay::SaveFailed(long.clone()), "Esc back"),
        (
            Overlay::SaveAs {
                path: "x.ron".into(),
            },
            "Esc back",
        ),
        (
            Overlay::StartPeriod {
                label: "RAG 02/18".into(),
            },
            "Esc not now",
        ),
        (Overlay::PastPeriod { value: Some(2) }, "Esc cancel"),
        (
            Overlay::GoTo {
                text: String::new(),
            },
            "Esc back",
        ),
    ];
    for (w, h) in [(80, 24), (40, 12)] {
        // The replay dialog, as the app opens with it.
        let a = open(&disk.path, "bob");
        assert_eq!(a.overlay().cloned(), Some(Overlay::Replay));
        let screen = draw(&a, w, h);
        assert!(screen.contains("Esc"), "replay at {w}x{h}:\n{screen}");
        for (o, keys_text) in &overlays {
            let mut a = app();
            go(&mut a, "1.1.1");
            a.show_for_test(o.clone());
            let screen = draw(&a, w, h);
            // The key line may wrap at 40 columns: look for its first word.
            let first = keys_text.split(' ').next().unwrap();
            assert!(
                screen.contains(first),
                "{o:?} at {w}x{h} hides its keys:\n{screen}"
            );
            press(&mut a, KeyCode::Esc);
            assert_eq!(a.overlay().cloned(), None, "{o:?}: Esc closes it");
        }
    }
    // The note form, opened as an officer does.
    let mut a = app();
    go(&mut a, "1.1.1");
    keys(&mut a, "e");
    for (w, h) in [(80, 24), (40, 12)] {
        let screen = draw(&a, w, h);
        assert!(screen.contains("Esc"), "note form at {w}x{h}:\n{screen}");
    }
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay().cloned(), None);
}

#[test]
fn the_change_log_scrolls_to_its_last_entry() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    let ids: Vec<String> = a.plan().actions().take(12).map(|x| x.id.clone()).collect();
    for id in &ids {
        go(&mut a, id);
        keys(&mut a, "1");
        keys(&mut a, "e");
        keys(&mut a, &format!("why {id}"));
        press(&mut a, KeyCode::Enter);
    }
    keys(&mut a, "c");
    let last = format!("why {}", ids.last().unwrap());
    let mut seen = false;
    for _ in 0..200 {
        if common::screen::drawn(&mut a, 80, 24).contains(&last) {
            seen = true;
            break;
        }
        press(&mut a, KeyCode::Down);
    }
    assert!(seen, "the last change's note is reachable by scrolling");
}

#[test]
fn the_unsaved_count_shows_at_80_columns() {
    let mut a = app();
    go(&mut a, "1.1.3");
    keys(&mut a, "3");
    let screen = draw(&a, 80, 24);
    let header = screen.lines().next().unwrap();
    assert!(header.contains("● 1 unsaved"), "{header}");
}

#[test]
fn the_default_keys_leave_the_rag_letters_free_for_rating() {
    use ragboard::crossterm::event::{KeyEvent, KeyModifiers};
    let keymap = ragboard::app::Keymap::default();
    for c in ['r', 'a', 'g', 'b'] {
        let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(keymap.action_for(&ev), None, "{c} is bound");
    }
}

#[test]
fn esc_on_the_conflicts_dialog_keeps_the_files_values_and_closes() {
    let disk = plan_on_disk();
    {
        let mut m = meeting(&disk.path, "ann");
        m.rate("1.1.3", "01-18", Some(1), None, None).unwrap();
        m.rate("1.1.4", "01-18", Some(1), None, None).unwrap();
    }
    // Meanwhile a colleague saved 1.1.3 as 4.
    colleague_saves(&disk.path, "1.1.3", "01-18", 4);
    let mut a = open(&disk.path, "bob");
    assert_eq!(a.overlay().cloned(), Some(Overlay::Replay));
    keys(&mut a, "r");
    assert_eq!(
        a.overlay().cloned(),
        Some(Overlay::Conflicts { selected: 0 })
    );
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("Esc"), "{screen}");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay().cloned(), None);
    assert!(a.meeting().conflicts().is_empty());
    assert_eq!(
        a.plan().action("1.1.3").unwrap().rating("01-18"),
        Some(4),
        "theirs kept"
    );
    assert_eq!(
        a.plan().action("1.1.4").unwrap().rating("01-18"),
        Some(1),
        "ours replayed"
    );
}

/// The layouts this issue is about, at the smallest and a large size.
#[test]
fn layout_snapshots_at_80x24_and_200x50() {
    let disk = plan_on_disk();
    for (w, h) in [(80u16, 24u16), (200, 50)] {
        // Opening: this meeting's period is offered.
        let a = open_default(&disk.path, "ann");
        insta::assert_snapshot!(format!("start_period_{w}x{h}"), draw(&a, w, h));
        // The officer's screen: rating at the top of the detail, keys fitted in the footer.
        let mut a = app();
        go(&mut a, "4.1.6");
        insta::assert_snapshot!(format!("main_{w}x{h}"), draw(&a, w, h));
        // The note form, with two lines of progress.
        keys(&mut a, "e");
        keys(&mut a, "Placement stability improving");
        press(&mut a, KeyCode::Tab);
        app::handle(
            &mut a,
            app::Input::Paste("\nSecond line of the update".into()),
        );
        insta::assert_snapshot!(format!("note_form_{w}x{h}"), draw(&a, w, h));
        press(&mut a, KeyCode::Esc);
        // The chair's screen: an objective's 27 actions, scrollable, chair's keys only.
        go(&mut a, "4.1");
        keys(&mut a, "f");
        common::screen::drawn(&mut a, w, h);
        insta::assert_snapshot!(format!("present_objective_{w}x{h}"), draw(&a, w, h));
    }
}

#[test]
fn the_header_is_not_garbled_at_45_columns() {
    let mut a = app();
    go(&mut a, "1.1.1");
    let screen = draw(&a, 45, 20);
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[0].contains("RAG 01/18"), "{screen}");
    // The id and the position, apart: the chain did not fit, so the item's id alone.
    assert!(lines[1].starts_with(" 1.1.1 "), "{screen}");
    assert!(
        lines[1].contains(" Action 1 of 8 in Priority 1"),
        "{screen}"
    );
}

/// A colleague's save may add or remove items: after "reload" the agenda is made from the
/// plan as read, the cursor stays on the same item and folds follow their ids.
#[test]
fn reloading_a_colleagues_save_that_moved_items_keeps_the_cursor_on_its_item() {
    use ragboard::model::Node;
    let disk = plan_on_disk();
    let mut a = common::open(&disk.path, "ann");
    press(&mut a, KeyCode::Esc);
    go(&mut a, "2.1.3");
    keys(&mut a, "2");
    // Objective 1.1 folded: the first objective of priority 1 until the reload. (By
    // number: stepping through it would open it again.)
    for to in ["1.1", "2.1.3"] {
        keys(&mut a, ":");
        keys(&mut a, to);
        press(&mut a, KeyCode::Enter);
        if to == "1.1" {
            keys(&mut a, "h");
        }
    }
    assert!(a.is_collapsed(Node::Objective(0, 0)));
    let before = a.agenda().len();
    // Meanwhile a colleague inserted an objective (with one action) at the head of
    // priority 1: every objective and action of priority 1 moves down one place.
    let mut theirs = ragboard::store::load(&disk.path).unwrap().plan;
    let mut new = theirs.priorities[0].objectives[0].clone();
    new.id = "1.0".into();
    new.title = "A new first objective".into();
    new.actions.truncate(1);
    new.actions[0].id = "1.0.1".into();
    new.actions[0].measures.truncate(1);
    std::sync::Arc::make_mut(&mut theirs.priorities[0])
        .objectives
        .insert(0, new);
    ragboard::store::save(&disk.path, &theirs).unwrap();
    ctrl(&mut a, 's');
    assert!(
        matches!(a.overlay().cloned(), Some(Overlay::Conflict(_))),
        "{:?}",
        a.overlay().cloned()
    );
    keys(&mut a, "r");
    assert_eq!(a.agenda().len(), before + 2);
    assert_eq!(a.current().unwrap().id(a.plan()), "2.1.3");
    assert_eq!(a.agenda()[a.pos()], Node::Action(1, 0, 2));
    let folded: Vec<String> = a.collapsed().iter().map(|n| n.id(a.plan())).collect();
    assert_eq!(folded, ["1.1"]);
    assert_eq!(a.plan().action("2.1.3").unwrap().rating("01-18"), Some(2));
    assert!(
        a.outline().contains(&Node::Objective(0, 0)),
        "the new objective shows"
    );
}
