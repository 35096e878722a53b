//! What the benches share: the app on a generated plan, as a meeting opens it.

use chrono::{NaiveDate, TimeZone};
use ragboard::app::{App, Keymap, Options};
use ragboard::cli::generate::{Spec, generate};
use ragboard::meeting::{FixedClock, Meeting};
use ragboard::ui::theme::ThemeName;

/// The app on a generated plan of `actions` actions (12 periods, seed 1), recording into
/// its last period.
pub fn app(actions: usize) -> App {
    let plan = generate(&Spec {
        actions,
        periods: 12,
        seed: 1,
    });
    let clock = FixedClock(chrono::Utc.with_ymd_and_hms(2019, 12, 1, 10, 0, 0).unwrap());
    let last = plan.periods.last().map(|p| p.id.clone());
    App::new(
        Meeting::new(plan, "bench", Box::new(clock)),
        Options {
            theme: ThemeName::Default,
            today: NaiveDate::from_ymd_opt(2019, 12, 1).unwrap(),
            keymap: Keymap::default(),
            period: last,
        },
    )
}
