//! Leads' proposals at the meeting: a rating key on an action with a proposal waiting
//! agrees it (the same level) or opens the board's challenge (another level, with its
//! reason); the agree key agrees it outright. The meeting records each as a rating change
//! marked with the board's verdict.

use super::board::{Field, Form, Purpose};
use super::edit::explain;
use super::{App, Overlay};
use crate::model::proposals::{self, Standing};
use crate::model::{Proposal, Rating};

/// The selected action's proposal for the active period, with where it stands.
pub fn current(app: &App) -> Option<(Proposal, Standing)> {
    let ac = app.current_action()?;
    let p = app.plan().proposal(&ac.id, app.period_id())?.clone();
    // Kept by the app between frames; worked out here only when it is not up to date.
    let s = match app.standings() {
        Some(all) => all.get(&p.item).copied().unwrap_or(Standing::Proposed),
        None => proposals::standing(&p, app.meeting.log().map(|(c, _)| c)),
    };
    Some((p, s))
}

/// The level's label and name, for the status line.
fn level(app: &App, r: Option<Rating>) -> String {
    match r.and_then(|v| app.plan().scale.level(v)) {
        Some(l) if l.label != l.name => format!("{} {}", l.label, l.name),
        Some(l) => l.label.clone(),
        None => "not rated".into(),
    }
}

/// A rating key (`None`: clear) on an action with a proposal for the period: the proposed
/// level agrees it; another is a challenge and opens the form for the board's reason (so
/// every rating of a proposed cell is one or the other, however often the board changes
/// its mind). `true` when handled here.
pub fn on_rate(app: &mut App, value: Option<Rating>) -> bool {
    let Some((p, _)) = current(app) else {
        return false;
    };
    if app.meeting.read_only().is_some() {
        return false;
    }
    if p.rating.is_some() && value == p.rating {
        agree(app);
    } else {
        open_challenge(app, &p, value);
    }
    true
}

/// The agree key: the proposal becomes the agreed rating.
pub fn agree(app: &mut App) {
    let Some((p, standing)) = current(app) else {
        let what = app
            .current_action()
            .map_or_else(|| "This item".to_string(), |a| a.id.clone());
        app.refuse(format!(
            "{what} has no proposed rating for {}: collect the leads' forms first (ragboard collect).",
            app.period_label()
        ));
        return;
    };
    if app.in_past_period() {
        app.refuse(format!(
            "{} is a past period: a proposal is agreed at the meeting it was sent for.",
            app.period_label()
        ));
        return;
    }
    if standing == Standing::Agreed {
        app.refuse(format!(
            "{} is agreed already ({}).",
            p.item,
            proposals::words(app.plan(), &p)
        ));
        return;
    }
    let period = app.period_id().to_string();
    match app.meeting.agree(&p.item, &period) {
        Ok(c) => app.done(format!(
            "Agreed {} {}: {}, as proposed by {}",
            p.item,
            app.period_label(),
            level(app, c.to),
            p.by
        )),
        Err(e) => app.refuse(explain(app, &e)),
    }
}

fn open_challenge(app: &mut App, p: &Proposal, value: Option<Rating>) {
    let form = Form::new(
        Purpose::Challenge {
            item: p.item.clone(),
            value,
        },
        vec![Field::text("Reason", "")],
        0,
    );
    app.show(Overlay::Form(Box::new(form)));
    app.say(format!(
        "{}: rating {} is a challenge of the proposal ({}): write the board's reason, then Enter",
        p.item,
        level(app, value),
        proposals::words(app.plan(), p)
    ));
}

/// The challenge form submitted: the board's rating, with its reason.
pub fn challenge(
    app: &mut App,
    form: &Form,
    item: &str,
    value: Option<Rating>,
    period: &str,
) -> Result<String, String> {
    let c = app
        .meeting
        .challenge(item, period, value, &form.get("Reason"))
        .map_err(|e| explain(app, &e))?;
    Ok(format!(
        "Challenged {item}: the board rates it {} (the proposal stays on record)",
        level(app, c.to)
    ))
}
