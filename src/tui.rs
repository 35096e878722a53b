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
use crate::store::document::Document;
use crate::theme::ThemeName;
use crate::ui;

/// Load the plan and settings, then run the meeting view until the user quits.
pub fn run(plan_path: Option<PathBuf>, args: &TuiArgs) -> Result<()> {
    let (plan, doc) = load_plan(plan_path.as_ref())?;
    let opts = options(args)?;
    check_scale_keys(&plan, &opts.keymap)?;
    let bundled_copy = plan_path.is_none() && doc.path.exists();
    let mut app = App::new(plan, opts);
    app.attach(doc);
    if bundled_copy && app.status.is_none() {
        app.status = Some(format!(
            "A saved copy {} is in this folder: open it with `ragboard {}`",
            store::BUNDLED_NAME,
            store::BUNDLED_NAME
        ));
    }
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn load_plan(path: Option<&PathBuf>) -> Result<(Plan, Document)> {
    match path {
        Some(p) => {
            let loaded = store::load(p).map_err(|e| eyre!("{e}"))?;
            let doc = Document::open(p, loaded.original);
            Ok((loaded.plan, doc))
        }
        None => {
            let plan = store::bundled().map_err(|e| eyre!("{e}"))?;
            let doc = Document::bundled_in(&std::env::current_dir()?);
            Ok((plan, doc))
        }
    }
}

/// A scale's letter keys (r, a, g, b) rate; the keymap must not also use them.
fn check_scale_keys(plan: &Plan, keymap: &Keymap) -> Result<()> {
    for level in &plan.scale.levels {
        let Some(c) = level.key else { continue };
        if c.is_ascii_digit() {
            return Err(eyre!(
                "scale level {} uses key {c:?}: digits rate by value already",
                level.value
            ));
        }
        let ev = ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        );
        if let Some(action) = keymap.action_for(&ev) {
            let name = keymap
                .bindings
                .iter()
                .find(|b| b.action == action)
                .map_or("?", |b| b.name);
            return Err(eyre!(
                "the plan's scale rates {} with key {c:?}, which the keymap binds to {name}: rebind {name} in keys.ron",
                level.label
            ));
        }
    }
    Ok(())
}

/// Settings from flags, then the config file, then defaults. NO_COLOR means mono unless a
/// theme is asked for by name.
pub fn options(args: &TuiArgs) -> Result<Options> {
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
    let user = args
        .user
        .clone()
        .or(cfg.user)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "unknown".into());
    Ok(Options {
        user,
        theme,
        today: args
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        keymap,
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
