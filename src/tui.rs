//! The terminal: set up, the event loop, restore. ratatui's init installs a panic hook
//! that restores the terminal; color-eyre turns errors into readable reports.

use std::path::PathBuf;

use color_eyre::eyre::{Result, eyre};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use crate::app::{self, App, Keymap, Options};
use crate::cli::TuiArgs;
use crate::config;
use crate::model::Plan;
use crate::store;
use crate::theme::ThemeName;
use crate::ui;

/// Load the plan and settings, then run the meeting view until the user quits.
pub fn run(plan_path: Option<PathBuf>, args: &TuiArgs) -> Result<()> {
    let (plan, source) = load_plan(plan_path.as_ref())?;
    let opts = options(args, source)?;
    let mut app = App::new(plan, opts);
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn load_plan(path: Option<&PathBuf>) -> Result<(Plan, String)> {
    match path {
        Some(p) => {
            let loaded = store::load(p).map_err(|e| eyre!("{e}"))?;
            Ok((loaded.plan, p.display().to_string()))
        }
        None => {
            let plan = store::bundled().map_err(|e| eyre!("{e}"))?;
            Ok((plan, "bundled plan".into()))
        }
    }
}

/// Settings from flags, then the config file, then defaults. NO_COLOR means mono unless a
/// theme is asked for by name.
pub fn options(args: &TuiArgs, source: String) -> Result<Options> {
    let dir = config::config_dir();
    let cfg = config::load_config(dir.as_deref()).map_err(|e| eyre!(e))?;
    let theme = match args.theme.as_deref().or(cfg.theme.as_deref()) {
        Some(name) => ThemeName::parse(name).map_err(|e| eyre!(e))?,
        None if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => ThemeName::Mono,
        None => ThemeName::Default,
    };
    let keys_path = args
        .keys
        .clone()
        .or_else(|| dir.map(|d| d.join("keys.ron")));
    let keymap = match keys_path {
        Some(path) => {
            let overrides = config::load_keys(&path).map_err(|e| eyre!(e))?;
            Keymap::default()
                .with_overrides(&overrides)
                .map_err(|e| eyre!("{}: {e}", path.display()))?
        }
        None => Keymap::default(),
    };
    Ok(Options {
        theme,
        today: args
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        keymap,
        source,
    })
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    while !app.quit {
        terminal.draw(|frame| ui::render(frame, app))?;
        if let Event::Key(key) = event::read()?
            && let Some(action) = app::action_for_key(app, &key)
        {
            app::update(app, action);
        }
    }
    Ok(())
}
