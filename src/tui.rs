//! The terminal: set up, the event loop, restore. ratatui's init installs a panic hook
//! that restores the terminal; signals (TERM, HUP, INT) end the loop the same way, after
//! the journal is flushed; Ctrl-Z and SIGTSTP give the terminal back to the shell and take
//! it again on `fg`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use color_eyre::eyre::{Result, WrapErr, eyre};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};

use crate::app::{self, App, Effect, Keymap, Options};
use crate::cli::TuiArgs;
use crate::config;
use crate::meeting::{Meeting, SystemClock};
use crate::model::Plan;
use crate::store;
use crate::store::document::Document;
use crate::theme::ThemeName;
use crate::ui;

/// Load the plan and settings, then run the meeting view until the user quits (or a
/// signal ends it: the exit code is then 128 + the signal, as shells expect).
pub fn run(plan_path: Option<PathBuf>, args: &TuiArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let (opts, user) = options(args)?;
    // The terminal first, so a large plan shows "Loading…" while it is read and checked,
    // not a blank screen. Without a terminal (output redirected) loading goes ahead and
    // its errors are reported as before; the meeting view then needs one.
    let mut early = match &plan_path {
        Some(path) => try_init().map(|mut t| {
            let bytes = std::fs::metadata(path).ok().map(|m| m.len());
            let name = path.display().to_string();
            let _ = t.draw(|frame| ui::loading::render(frame, &name, bytes));
            t
        }),
        None => None,
    };
    let prepared = prepare(plan_path.as_ref(), opts, &user).and_then(|app| {
        Ok((
            app,
            Signals::register().wrap_err("cannot set up signal handling")?,
        ))
    });
    let (mut app, signals) = match prepared {
        Ok(ready) => ready,
        Err(e) => {
            if early.is_some() {
                restore();
            }
            return Err(e);
        }
    };
    watchdog(signals.end.clone());
    let mut terminal = match early.take() {
        Some(t) => t,
        None => init(),
    };
    let result = terminal
        .clear()
        .map_err(Into::into)
        .and_then(|()| event_loop(&mut terminal, &mut app, &signals, args.first_frame_exit));
    restore();
    if args.first_frame_exit {
        // On stderr, after the terminal is restored: scripts/perf.sh reads it.
        eprintln!("first frame after {:.3} s", started.elapsed().as_secs_f64());
    }
    result
}

/// Load the plan and open the meeting on it.
fn prepare(plan_path: Option<&PathBuf>, opts: Options, user: &str) -> Result<App> {
    let (plan, doc) = load_plan(plan_path)?;
    check_scale_keys(&plan, &opts.keymap)?;
    let bundled_copy = plan_path.is_none() && doc.path.exists();
    let meeting = Meeting::open(plan, doc, user, Box::new(SystemClock));
    let mut app = App::new(meeting, opts);
    if bundled_copy && app.status.is_none() {
        app.status = Some(format!(
            "A saved copy {} is in this folder: open it with `ragboard {}`",
            store::BUNDLED_NAME,
            store::BUNDLED_NAME
        ));
    }
    Ok(app)
}

fn load_plan(path: Option<&PathBuf>) -> Result<(Plan, Document)> {
    // A bundled plan's name opens it, unless a file of that name is here (a saved copy).
    let bundled = path
        .filter(|p| !p.exists())
        .and_then(|p| p.to_str())
        .and_then(store::bundled::find);
    if let Some(b) = bundled {
        let plan = b.plan().map_err(|e| eyre!("{e}"))?;
        let doc = Document::bundled_as(&std::env::current_dir()?, b.name, b.text);
        return Ok((plan, doc));
    }
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

/// Settings from flags, then the config file, then defaults, and who records changes.
/// NO_COLOR means mono unless a theme is asked for by name.
pub fn options(args: &TuiArgs) -> Result<(Options, String)> {
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
        .filter(|u| !u.trim().is_empty())
        .or_else(config::default_user)
        .unwrap_or_else(|| "unknown".into());
    let opts = Options {
        theme,
        today: args
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        keymap,
        period: args.period.clone(),
    };
    Ok((opts, user))
}

/// Signals, noted by handlers and acted on by the loop (a handler may do almost nothing).
struct Signals {
    /// The last terminating signal received (TERM, HUP, INT), or 0.
    end: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    cont: Arc<AtomicBool>,
}

impl Signals {
    fn register() -> std::io::Result<Signals> {
        let s = Signals {
            end: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
            cont: Arc::new(AtomicBool::new(false)),
        };
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            signal_hook::flag::register_usize(sig, s.end.clone(), sig as usize)?;
        }
        signal_hook::flag::register(SIGTSTP, s.stop.clone())?;
        signal_hook::flag::register(SIGCONT, s.cont.clone())?;
        Ok(s)
    }
}

/// Take the terminal: raw mode, alternate screen, and bracketed paste, so a pasted note
/// arrives as one piece (its newlines do not submit the form).
fn init() -> DefaultTerminal {
    let terminal = ratatui::init();
    enable_paste();
    terminal
}

/// `init`, or nothing where there is no terminal to take (output redirected, no tty).
fn try_init() -> Option<DefaultTerminal> {
    let terminal = ratatui::try_init().ok()?;
    enable_paste();
    Some(terminal)
}

fn enable_paste() {
    let _ = ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::event::EnableBracketedPaste
    );
}

fn restore() {
    let _ = ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::event::DisableBracketedPaste
    );
    ratatui::restore();
}

/// The loop acts on a terminating signal between keys. But when the terminal itself goes
/// away (a closed window, a killed tmux), reading it returns end-of-file forever and the
/// event reader spins without coming back to the loop: the process would hold the plan's
/// lock at full CPU for ever. This thread notices the hang-up and ends the process at once
/// (the loop cannot run again, and every change is already in the journal), or a signal
/// the loop has not acted on within a grace period a little longer than its poll. The lock
/// goes with the process, so the plan is free for a colleague within moments.
fn watchdog(end: Arc<AtomicUsize>) {
    const GRACE: Duration = Duration::from_millis(400);
    std::thread::spawn(move || {
        let mut since: Option<std::time::Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(50));
            if terminal_hung_up() {
                std::process::exit(128 + SIGHUP);
            }
            let sig = end.load(Ordering::SeqCst);
            if sig == 0 {
                since = None;
                continue;
            }
            let first = *since.get_or_insert_with(std::time::Instant::now);
            if first.elapsed() >= GRACE {
                std::process::exit(128 + sig as i32);
            }
        }
    });
}

/// Has the terminal on stdin hung up?
fn terminal_hung_up() -> bool {
    let mut fd = libc::pollfd {
        fd: 0,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLNVAL) != 0
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signals: &Signals,
    first_frame_exit: bool,
) -> Result<ExitCode> {
    while !app.quit {
        let sig = signals.end.swap(0, Ordering::SeqCst);
        if sig != 0 {
            // Everything is journaled as it happens; this retries what a failing disk held.
            app.meeting.flush_journal();
            return Ok(ExitCode::from(128u8.saturating_add(sig as u8)));
        }
        if signals.stop.swap(false, Ordering::SeqCst) {
            suspend(terminal)?;
            signals.cont.store(false, Ordering::SeqCst);
        }
        if signals.cont.swap(false, Ordering::SeqCst) {
            // Stopped by something we could not catch (SIGSTOP): the shell may have reset
            // the terminal, so take it again.
            resume(terminal)?;
        }
        let drawn = terminal.draw(|frame| ui::render(frame, app))?;
        // Keys act on what was drawn: none while the screen was too small to show the plan.
        app.screen = Some((drawn.area.width, drawn.area.height));
        if first_frame_exit {
            // For measuring the time to the first frame (scripts/perf.sh).
            return Ok(ExitCode::SUCCESS);
        }
        if !event::poll(Duration::from_millis(250))? {
            app::tick(app);
            continue;
        }
        match event::read()? {
            Event::Paste(text) => app::paste(app, &text),
            Event::Key(key) => {
                if let Some(action) = app::action_for_key(app, &key)
                    && app::update(app, action) == Effect::Suspend
                {
                    suspend(terminal)?;
                    signals.cont.store(false, Ordering::SeqCst);
                }
            }
            _ => {}
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Give the terminal back to the shell and stop, as Ctrl-Z does for any program; on `fg`,
/// take the terminal again and redraw everything.
fn suspend(terminal: &mut DefaultTerminal) -> Result<()> {
    restore();
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    resume(terminal)
}

fn resume(terminal: &mut DefaultTerminal) -> Result<()> {
    *terminal = init();
    terminal.clear()?;
    Ok(())
}
